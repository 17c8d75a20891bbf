package org.btrfssendbackup.producer.remote;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The receiver's one JSON line after a {@code receive}.
 *
 * @param status       "received" or "already-received"
 * @param bytes        bytes the receiver read from stdin
 * @param sha256       sha256 of those bytes
 * @param receivedUuid the received subvolume's received UUID
 */
public record ReceiveReply(String status, String snapshot, Optional<String> parent, long bytes, String sha256,
                           UUID receivedUuid) {

    public static final String RECEIVED = "received";
    public static final String ALREADY_RECEIVED = "already-received";

    public ReceiveReply {
        Objects.requireNonNull(status, "receive reply: status");
        if (!status.equals(RECEIVED) && !status.equals(ALREADY_RECEIVED)) {
            throw new IllegalArgumentException("receive reply: status must be received or already-received: " + status);
        }
        Objects.requireNonNull(snapshot, "receive reply: snapshot");
        Objects.requireNonNull(parent, "receive reply: parent");
        Objects.requireNonNull(sha256, "receive reply: sha256");
        Objects.requireNonNull(receivedUuid, "receive reply: received_uuid");
    }

    public boolean alreadyReceived() {
        return status.equals(ALREADY_RECEIVED);
    }
}
