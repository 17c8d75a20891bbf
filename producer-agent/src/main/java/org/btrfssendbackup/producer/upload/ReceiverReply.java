package org.btrfssendbackup.producer.upload;

import java.util.Objects;

/**
 * The receiver's one JSON line after a put-stream.
 *
 * @param status "stored" or "already-stored"
 */
public record ReceiverReply(String status, String snapshot, long bytes, String sha256) {
    public ReceiverReply {
        Objects.requireNonNull(status, "receiver reply: status");
        Objects.requireNonNull(snapshot, "receiver reply: snapshot");
        Objects.requireNonNull(sha256, "receiver reply: sha256");
    }
}
