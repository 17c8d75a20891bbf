package org.btrfssendbackup.messages.event;

/**
 * backup-srv's receiver stored a stream (put-stream) or received it into btrfs (receive).
 *
 * @param snapshot       snapshot name
 * @param kind           full or incr
 * @param parent         parent of an incremental stream, null for full
 * @param mode           encrypted-stream or remote-btrfs
 * @param storedFile     path relative to BACKUP_ROOT (SET/SNAPSHOT.KIND.btrfs.gpg); null for remote-btrfs
 * @param bytes          bytes read from stdin
 * @param sha256         sha256 of the stored file; null for remote-btrfs
 * @param durationMillis wall time of the receive
 * @param alreadyStored  an identical stream was already stored under this name, nothing written
 * @param remoteAddress  the SSH client address if known
 */
public record StreamReceived(String snapshot, SnapshotKind kind, String parent, BackupMode mode, String storedFile,
                             long bytes, String sha256, long durationMillis, boolean alreadyStored,
                             String remoteAddress) implements EventPayload {
    public StreamReceived {
        Require.matches(snapshot, Require.SNAPSHOT_NAME, "StreamReceived.snapshot");
        SnapshotKind.checkParent("StreamReceived", kind, parent);
        Require.notNull(mode, "StreamReceived.mode");
        if (mode == BackupMode.ENCRYPTED_STREAM) {
            Require.notBlank(storedFile, "StreamReceived.storedFile");
            Require.notNull(sha256, "StreamReceived.sha256");
        }
        if (storedFile != null && (storedFile.startsWith("/") || storedFile.contains(".."))) {
            throw new InvalidFieldException("StreamReceived.storedFile", "must be relative to BACKUP_ROOT without '..'");
        }
        Require.nonNegative(bytes, "StreamReceived.bytes");
        Require.matchesOrNull(sha256, Require.SHA256, "StreamReceived.sha256");
        Require.nonNegative(durationMillis, "StreamReceived.durationMillis");
        if (remoteAddress != null) {
            Require.notBlank(remoteAddress, "StreamReceived.remoteAddress");
        }
    }
}
