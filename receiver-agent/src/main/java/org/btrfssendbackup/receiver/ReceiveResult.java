package org.btrfssendbackup.receiver;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;

/**
 * The outcome of a receive the producer checks: the stream's size and sha256 as read from
 * stdin, and the received UUID (the UUID of the snapshot it sent).
 */
public record ReceiveResult(Status status, BackupSetName set, SnapshotName snapshot, Optional<SnapshotName> parent,
                            long bytes, String sha256, UUID receivedUuid) {

    public ReceiveResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(receivedUuid, "receivedUuid");
    }

    public enum Status {
        RECEIVED("received"),
        /** The snapshot was already completely received; stdin was read (and hashed) but not applied. */
        ALREADY_RECEIVED("already-received");

        private final String token;

        Status(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }
    }
}
