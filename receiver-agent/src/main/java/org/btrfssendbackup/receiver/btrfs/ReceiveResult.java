package org.btrfssendbackup.receiver.btrfs;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.protocol.ReceiveReply;

/**
 * The outcome of a receive: the producer's reply (the stream's size and sha256 as read from
 * stdin, and the received UUID, the UUID of the snapshot it sent) plus the set, for the event.
 */
public record ReceiveResult(ReceiveReply.Status status, BackupSetName set, SnapshotName snapshot, Optional<SnapshotName> parent,
                            long bytes, String sha256, UUID receivedUuid) {

    public ReceiveResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(receivedUuid, "receivedUuid");
    }

    /** What the producer checks. */
    public ReceiveReply reply() {
        return new ReceiveReply(status, snapshot, parent, bytes, sha256, receivedUuid);
    }
}
