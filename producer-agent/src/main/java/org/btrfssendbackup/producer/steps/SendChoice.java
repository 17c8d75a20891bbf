package org.btrfssendbackup.producer.steps;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.producer.upload.StoredStream;

/**
 * The send step's decisions, pure: what to send given the planned parent, whether that parent
 * still exists locally and, when known, what the receiver lists; and whether a failed put-stream
 * is one the listing explains. {@link SendStep} does the I/O around them. Table-tested in
 * {@code SendChoiceTest}.
 */
public final class SendChoice {

    private SendChoice() {
    }

    /**
     * What to send.
     *
     * @param parent empty for a full
     * @param reason why the planned incremental became a full; empty when the plan stands
     */
    public record Plan(Optional<SnapshotName> parent, Optional<String> reason) {
        public Plan {
            Objects.requireNonNull(parent, "send plan: parent");
            Objects.requireNonNull(reason, "send plan: reason");
        }

        public StreamKind kind() {
            return parent.isPresent() ? StreamKind.INCR : StreamKind.FULL;
        }
    }

    /**
     * The snapshot step planned the kind; this re-checks it, because the parent could have gone
     * since: deleted locally ({@code btrfs send -p} needs it) or, when the listing is known, not
     * stored there or on a damaged chain (an incremental on it could never be restored). Either
     * way: a full. Without a listing the receiver checks the parent itself.
     */
    public static Plan plan(SnapshotName snapshot, Optional<SnapshotName> plannedParent, boolean parentExistsLocally,
                            Optional<List<StoredStream>> listing) {
        if (plannedParent.isEmpty()) {
            return new Plan(Optional.empty(), Optional.empty());
        }
        SnapshotName parent = plannedParent.get();
        if (!parentExistsLocally) {
            return new Plan(Optional.empty(), Optional.of(snapshot + ": parent " + parent
                    + " no longer exists locally; sending a full"));
        }
        if (listing.isPresent() && !StoredStream.canChainOn(listing.get(), parent)) {
            return new Plan(Optional.empty(), Optional.of(snapshot + ": parent " + parent
                    + " is not stored on the receiver, or its chain is damaged there; sending a full"));
        }
        return new Plan(plannedParent, Optional.empty());
    }

    /** The listed stream of {@code snapshot}: it is stored already, and must not be sent again. */
    public static Optional<StoredStream> alreadyStored(SnapshotName snapshot, List<StoredStream> listing) {
        return listing.stream().filter(s -> s.snapshot().equals(snapshot)).findFirst();
    }

    /**
     * Whether the listing explains a failed first put-stream, so that the step goes on with it
     * (the snapshot is stored: confirm it; the parent cannot be chained on: send a full) rather
     * than letting the failure stand for the broker to retry.
     */
    public static boolean listingExplainsFailure(SnapshotName snapshot, Optional<SnapshotName> sentParent,
                                                 List<StoredStream> listing) {
        return alreadyStored(snapshot, listing).isPresent()
                || sentParent.isPresent() && !StoredStream.canChainOn(listing, sentParent.get());
    }
}
