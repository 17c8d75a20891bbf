package org.btrfssendbackup.messages.event;

/**
 * The producer sent a snapshot and the receiver confirmed it (the producer compared the
 * receiver's bytes and sha256 with its own before emitting this). Only now does the state
 * file move to this snapshot.
 *
 * @param snapshot       snapshot name
 * @param kind           full or incr
 * @param parent         parent of an incremental stream, null for full
 * @param mode           encrypted-stream or remote-btrfs
 * @param bytes          bytes that went over the wire (after compression and encryption)
 * @param sha256         sha256 of the stored file (encrypted-stream); null for remote-btrfs
 * @param compression    e.g. "zstd-3" or "none"
 * @param encryption     e.g. "openpgp-aes256" or "luks" (remote-btrfs)
 * @param durationMillis wall time of the send
 * @param alreadyStored  the receiver already had this exact stream (idempotent re-send)
 */
public record StreamSent(String snapshot, SnapshotKind kind, String parent, BackupMode mode, long bytes, String sha256,
                         String compression, String encryption, long durationMillis, boolean alreadyStored)
        implements EventPayload {
    public StreamSent {
        SentStreamFields.check("StreamSent", snapshot, kind, parent, mode, bytes, sha256);
        if (mode == BackupMode.ENCRYPTED_STREAM && sha256 == null) {
            throw new InvalidFieldException("StreamSent.sha256", "is required for an encrypted-stream backup");
        }
        Require.notBlank(compression, "StreamSent.compression");
        Require.notBlank(encryption, "StreamSent.encryption");
        Require.nonNegative(durationMillis, "StreamSent.durationMillis");
    }
}
