package org.btrfssendbackup.messages.event;

import java.time.Instant;

/**
 * A backup run of one set succeeded end to end: snapshot taken, sent, confirmed, state file
 * moved. The console's "last success" is the newest of these per set.
 *
 * @param snapshot       the snapshot now stored on backup-srv
 * @param kind           full or incr
 * @param parent         parent of an incremental, null for full
 * @param mode           encrypted-stream or remote-btrfs
 * @param bytes          bytes stored
 * @param sha256         sha256 of the stored file (encrypted-stream), else null
 * @param startedAt      when the run's BackupRequested happened
 * @param durationMillis wall time of the whole run
 */
public record BackupCompleted(String snapshot, SnapshotKind kind, String parent, BackupMode mode, long bytes,
                              String sha256, Instant startedAt, long durationMillis) implements EventPayload {
    public BackupCompleted {
        SentStreamFields.check("BackupCompleted", snapshot, kind, parent, mode, bytes, sha256);
        Require.notNull(startedAt, "BackupCompleted.startedAt");
        Require.nonNegative(durationMillis, "BackupCompleted.durationMillis");
    }
}
