package org.btrfssendbackup.producer.steps;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.btrfssendbackup.core.chain.CommonParent;
import org.btrfssendbackup.core.chain.RestorePoint;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.producer.remote.ReceivedSnapshot;
import org.btrfssendbackup.producer.retention.LocalSnapshots;

/**
 * remote-btrfs: full or incremental on which parent, decided at send time from what both sides
 * hold now. Pure.
 *
 * <p>The parent is the newest snapshot that is both in SNAPSHOT_DIR (ours, older than the one
 * being sent) and completely received on backup-srv ({@link CommonParent#newestShared}) and
 * whose received UUID is the local snapshot's UUID: {@code btrfs receive} finds the parent by
 * that UUID, so a same-named subvolume of another origin could never serve. Both sides prune
 * on their own (LOCAL_KEEP_* and backup-srv's KEEP_*), so this is not always STATE_FILE's
 * snapshot: when backup-srv lost the newest, an older common one serves; when none is left,
 * the send is full.
 */
public final class ReceiveParentChooser {

    private ReceiveParentChooser() {
    }

    /**
     * @param snapshot     the snapshot being sent
     * @param fullRequired a full regardless of the receiver: requested, or FULL_INTERVAL_DAYS (see {@link SendDecider})
     * @param whyFull      the explanation when {@code fullRequired}
     * @param localNames   the entries of SNAPSHOT_DIR (foreign names are ignored)
     * @param prefix       SNAPSHOT_PREFIX
     * @param received     the receiver's received-snapshot lines for the set
     * @param localUuid    the UUID of a local snapshot (asked only for candidates)
     */
    public static SendPlan choose(SnapshotName snapshot, boolean fullRequired, String whyFull,
                                  Collection<String> localNames, String prefix, List<ReceivedSnapshot> received,
                                  Function<SnapshotName, UUID> localUuid) {
        if (fullRequired) {
            return SendPlan.full(whyFull);
        }
        List<RestorePoint> older = LocalSnapshots.ours(localNames, prefix).stream()
                .filter(p -> SnapshotName.parse(p.name()).compareTo(snapshot) < 0)
                .toList();
        Map<String, ReceivedSnapshot> complete = new HashMap<>();
        received.stream().filter(ReceivedSnapshot::complete).forEach(r -> complete.put(r.snapshot().value(), r));
        List<String> skipped = new ArrayList<>();
        while (true) {
            Optional<RestorePoint> shared = CommonParent.newestShared(older, complete.keySet());
            if (shared.isEmpty()) {
                return SendPlan.full("full: no snapshot is both in SNAPSHOT_DIR and completely received on backup-srv"
                        + (skipped.isEmpty() ? "" : " (same names, other UUIDs: " + String.join(", ", skipped) + ")"));
            }
            SnapshotName parent = SnapshotName.parse(shared.get().name());
            if (complete.get(parent.value()).isReceivedFrom(localUuid.apply(parent))) {
                return new SendPlan(StreamKind.INCR, Optional.of(parent),
                        "incremental on " + parent + ", the newest snapshot both sides have");
            }
            skipped.add(parent.value());
            complete.remove(parent.value());
        }
    }
}
