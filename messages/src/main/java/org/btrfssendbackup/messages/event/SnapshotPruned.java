package org.btrfssendbackup.messages.event;

/**
 * A snapshot subvolume was deleted (or would be, in a dry run): locally on prod-srv or
 * among the received snapshots on backup-srv.
 *
 * @param snapshot  snapshot name
 * @param target    local-snapshots or received-snapshots
 * @param path      the deleted subvolume
 * @param dryRun    nothing was actually deleted
 */
public record SnapshotPruned(String snapshot, PruneTarget target, String path, boolean dryRun) implements EventPayload {
    public SnapshotPruned {
        Require.matches(snapshot, Require.SNAPSHOT_NAME, "SnapshotPruned.snapshot");
        Require.notNull(target, "SnapshotPruned.target");
        if (target == PruneTarget.STREAMS) {
            throw new InvalidFieldException("SnapshotPruned.target", "must be a snapshot target; streams use StreamPruned");
        }
        Require.absolutePath(path, "SnapshotPruned.path");
    }
}
