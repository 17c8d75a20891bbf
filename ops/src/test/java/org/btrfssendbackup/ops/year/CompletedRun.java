package org.btrfssendbackup.ops.year;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.btrfssendbackup.core.chain.RestorePoint;
import org.btrfssendbackup.core.layout.StreamKind;

/**
 * One backup of the year as the producer reported it (its StreamSent), with the fingerprint of
 * the snapshot it sent and what pruning did right after it.
 *
 * @param localPruned   local snapshots LOCAL_KEEP_* deleted after this upload
 * @param streamsPruned stored streams the pruner deleted after this upload
 */
record CompletedRun(String snapshot, Instant time, StreamKind kind, Optional<String> parent,
                    TreeFingerprint fingerprint, int localPruned, int streamsPruned) {

    CompletedRun {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /** As a stored stream: its kind and parent matter (chains). */
    RestorePoint streamPoint() {
        return new RestorePoint(snapshot, time, kind, parent.orElse(null));
    }

    /** As a local snapshot: complete in itself. */
    RestorePoint snapshotPoint() {
        return RestorePoint.snapshot(snapshot, time);
    }
}
