package org.btrfssendbackup.messages.event;

/**
 * A read-only snapshot now exists on prod-srv and is the next thing to send.
 *
 * @param snapshot       snapshot name, PREFIX-YYYYmmddTHHMMSSZ
 * @param source         the subvolume it was taken of
 * @param path           where the snapshot lives
 * @param kind           how it will be sent: incremental when a confirmed parent exists
 * @param parent         the last snapshot the receiver confirmed (state file), null for full
 * @param btrfsUuid      the snapshot's btrfs UUID if known, for matching against received subvolumes
 * @param durationMillis how long taking the snapshot took (services' down window is mostly this)
 */
public record SnapshotCreated(String snapshot, String source, String path, SnapshotKind kind, String parent,
                              String btrfsUuid, long durationMillis) implements EventPayload {
    public SnapshotCreated {
        Require.matches(snapshot, Require.SNAPSHOT_NAME, "SnapshotCreated.snapshot");
        Require.absolutePath(source, "SnapshotCreated.source");
        Require.absolutePath(path, "SnapshotCreated.path");
        SnapshotKind.checkParent("SnapshotCreated", kind, parent);
        if (btrfsUuid != null) {
            Require.notBlank(btrfsUuid, "SnapshotCreated.btrfsUuid");
        }
        Require.nonNegative(durationMillis, "SnapshotCreated.durationMillis");
    }
}
