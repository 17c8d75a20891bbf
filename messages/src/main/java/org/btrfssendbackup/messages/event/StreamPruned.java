package org.btrfssendbackup.messages.event;

/**
 * The pruner deleted (or, in a dry run, would delete) one stored stream and its manifest.
 *
 * @param snapshot   snapshot name
 * @param file       stream file relative to BACKUP_ROOT
 * @param kind       full or incr
 * @param bytes      size freed
 * @param dryRun     nothing was actually deleted
 */
public record StreamPruned(String snapshot, String file, SnapshotKind kind, long bytes, boolean dryRun)
        implements EventPayload {
    public StreamPruned {
        Require.matches(snapshot, Require.SNAPSHOT_NAME, "StreamPruned.snapshot");
        Require.notBlank(file, "StreamPruned.file");
        if (file.startsWith("/") || file.contains("..")) {
            throw new InvalidFieldException("StreamPruned.file", "must be relative to BACKUP_ROOT without '..'");
        }
        Require.notNull(kind, "StreamPruned.kind");
        Require.nonNegative(bytes, "StreamPruned.bytes");
    }
}
