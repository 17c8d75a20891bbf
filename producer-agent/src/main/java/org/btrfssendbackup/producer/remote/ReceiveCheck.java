package org.btrfssendbackup.producer.remote;

import java.util.UUID;
import org.btrfssendbackup.core.protocol.ReceiveReply;
import org.btrfssendbackup.producer.upload.SentStreamMatch;

/**
 * The receiver must have received exactly the snapshot that was sent: same name, same byte
 * count and sha256 of the stream, and a received UUID equal to the local snapshot's UUID
 * (what {@code btrfs receive} sets from the stream, so it names the snapshot the stream came from).
 *
 * <p>For "already-received" only the name and the received UUID are compared: the receiver
 * had the snapshot before this stream and need not have read all of it.
 */
public final class ReceiveCheck {

    private ReceiveCheck() {
    }

    /** @throws ReceiveMismatchException naming both values when they differ */
    public static void verify(ReceiveRequest request, ReceiveOutcome outcome, UUID localUuid) {
        ReceiveReply reply = outcome.reply();
        String what = request.remoteCommand();
        SentStreamMatch.snapshot(request.snapshot(), reply.snapshot()).ifPresent(difference -> {
            throw new ReceiveMismatchException(what + ": " + difference);
        });
        if (!reply.receivedUuid().equals(localUuid)) {
            throw new ReceiveMismatchException(what + ": the receiver's received_uuid " + reply.receivedUuid()
                    + " is not the UUID " + localUuid + " of the local snapshot");
        }
        if (reply.alreadyReceived()) {
            return;
        }
        SentStreamMatch.stream(outcome.sent().bytes(), outcome.sent().sha256(), reply.bytes(), reply.sha256(), "read")
                .ifPresent(difference -> {
                    throw new ReceiveMismatchException(what + ": " + difference);
                });
    }
}
