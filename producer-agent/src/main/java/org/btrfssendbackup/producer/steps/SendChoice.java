package org.btrfssendbackup.producer.steps;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.protocol.ListReplyLine;

/**
 * The send step's decisions, pure: whether to ask the receiver's listing before the first
 * put-stream, what to do with a listing (confirm the stored copy, refuse a stored copy that is not
 * what was sent, or send on a re-checked parent), what to send given the planned parent, whether
 * that parent still exists locally and, when known, what the receiver lists; and whether a failed
 * put-stream is one the listing explains. {@link SendStep} does the I/O around them and nothing
 * else. Table-tested in {@code SendChoiceTest}.
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
                            Optional<List<ListReplyLine.Stream>> listing) {
        if (plannedParent.isEmpty()) {
            return new Plan(Optional.empty(), Optional.empty());
        }
        SnapshotName parent = plannedParent.get();
        if (!parentExistsLocally) {
            return new Plan(Optional.empty(), Optional.of(snapshot + ": parent " + parent
                    + " no longer exists locally; sending a full"));
        }
        if (listing.isPresent() && !ListReplyLine.Stream.canChainOn(listing.get(), parent)) {
            return new Plan(Optional.empty(), Optional.of(snapshot + ": parent " + parent
                    + " is not stored on the receiver, or its chain is damaged there; sending a full"));
        }
        return new Plan(plannedParent, Optional.empty());
    }

    /**
     * Whether to learn what the receiver stores before the first put-stream: only when this
     * producer uploaded the snapshot once already ({@code sentSha256}, from STATE_FILE.pending).
     * A re-sent stream never matches the stored one byte for byte (encryption is randomized), so
     * the receiver would refuse it; otherwise put-stream goes first and the receiver's own
     * refusals are explained by a listing afterwards ({@link #listingExplainsFailure}).
     */
    public static boolean listBeforeSending(Optional<String> sentSha256) {
        return sentSha256.isPresent();
    }

    /** What the step does once it has the receiver's listing. */
    public sealed interface AfterListing permits AlreadyStored, StoredDiffers, Send {
    }

    /** The snapshot is stored and is what was sent (or what was sent is unknown): it counts as sent. */
    public record AlreadyStored(ListReplyLine.Stream stored) implements AfterListing {
        public AlreadyStored {
            Objects.requireNonNull(stored, "already stored: stream");
        }
    }

    /**
     * The receiver stores another stream under this name than the one this producer sent. It
     * never overwrites, so the stored copy can never become this backup: the attempt fails (the
     * next run takes a new snapshot).
     */
    public record StoredDiffers(String problem) implements AfterListing {
        public StoredDiffers {
            Objects.requireNonNull(problem, "stored differs: problem");
        }
    }

    /** Not stored: send this plan. */
    public record Send(Plan plan) implements AfterListing {
        public Send {
            Objects.requireNonNull(plan, "send: plan");
        }
    }

    /**
     * With the receiver's listing at hand: a stored snapshot counts as sent only if it is what
     * this producer sent, when that is known ({@code sentSha256}); unknown (a crash before the
     * upload returned) is trusted. A snapshot not stored is sent on the {@link #plan} re-checked
     * against the listing.
     */
    public static AfterListing afterListing(SnapshotName snapshot, Optional<String> sentSha256,
                                            Optional<SnapshotName> plannedParent, boolean parentExistsLocally,
                                            List<ListReplyLine.Stream> listing) {
        Optional<ListReplyLine.Stream> stored = alreadyStored(snapshot, listing);
        if (stored.isEmpty()) {
            return new Send(plan(snapshot, plannedParent, parentExistsLocally, Optional.of(listing)));
        }
        if (sentSha256.isPresent() && !sentSha256.equals(stored.get().sha256())) {
            return new StoredDiffers("send " + snapshot + ": the receiver stores a stream with sha256 "
                    + stored.get().sha256().orElse("(none)") + " but this producer sent " + sentSha256.get()
                    + "; the stored copy is not the backup (the next run takes a new snapshot)");
        }
        return new AlreadyStored(stored.get());
    }

    /** The listed stream of {@code snapshot}: it is stored already, and must not be sent again. */
    public static Optional<ListReplyLine.Stream> alreadyStored(SnapshotName snapshot, List<ListReplyLine.Stream> listing) {
        return listing.stream().filter(s -> s.snapshot().equals(snapshot)).findFirst();
    }

    /**
     * Whether the listing explains a failed first put-stream, so that the step goes on with it
     * (the snapshot is stored: confirm it; the parent cannot be chained on: send a full) rather
     * than letting the failure stand for the broker to retry.
     */
    public static boolean listingExplainsFailure(SnapshotName snapshot, Optional<SnapshotName> sentParent,
                                                 List<ListReplyLine.Stream> listing) {
        return alreadyStored(snapshot, listing).isPresent()
                || sentParent.isPresent() && !ListReplyLine.Stream.canChainOn(listing, sentParent.get());
    }
}
