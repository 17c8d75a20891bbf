package org.btrfssendbackup.messages.event;

/**
 * The fields that name a sent stream and what arrived of it (snapshot, kind and parent, mode,
 * bytes, sha256), checked alike wherever an event carries them: {@link StreamSent} and
 * {@link BackupCompleted}. The record's name prefixes each field, as in every event.
 */
final class SentStreamFields {

    private SentStreamFields() {
    }

    static void check(String record, String snapshot, SnapshotKind kind, String parent, BackupMode mode, long bytes,
                      String sha256) {
        Require.matches(snapshot, Require.SNAPSHOT_NAME, record + ".snapshot");
        SnapshotKind.checkParent(record, kind, parent);
        Require.notNull(mode, record + ".mode");
        Require.nonNegative(bytes, record + ".bytes");
        Require.matchesOrNull(sha256, Require.SHA256, record + ".sha256");
    }
}
