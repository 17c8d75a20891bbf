package org.btrfssendbackup.producer.remote;

import java.util.UUID;
import org.btrfssendbackup.core.protocol.ReceiveReply;

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
        if (!request.snapshot().equals(reply.snapshot())) {
            throw new ReceiveMismatchException(what + ": the receiver confirmed snapshot " + reply.snapshot());
        }
        if (!reply.receivedUuid().equals(localUuid)) {
            throw new ReceiveMismatchException(what + ": the receiver's received_uuid " + reply.receivedUuid()
                    + " is not the UUID " + localUuid + " of the local snapshot");
        }
        if (reply.alreadyReceived()) {
            return;
        }
        if (reply.bytes() != outcome.sent().bytes()) {
            throw new ReceiveMismatchException(what + ": sent " + outcome.sent().bytes()
                    + " bytes but the receiver read " + reply.bytes());
        }
        if (!reply.sha256().equals(outcome.sent().sha256())) {
            throw new ReceiveMismatchException(what + ": sha256 sent " + outcome.sent().sha256()
                    + " but the receiver read " + reply.sha256());
        }
    }
}
