package org.btrfssendbackup.producer.upload;

import org.btrfssendbackup.core.protocol.ReceiverCommand;
import org.btrfssendbackup.core.protocol.PutStreamReply;

/** The receiver must have stored exactly what was sent: same byte count, same sha256. */
public final class ReplyCheck {

    private ReplyCheck() {
    }

    /** @throws UploadMismatchException naming both values when they differ */
    public static void verify(ReceiverCommand.PutStream request, UploadOutcome outcome) {
        PutStreamReply reply = outcome.reply();
        String what = "put-stream " + request.set() + " " + request.snapshot();
        if (!request.snapshot().equals(reply.snapshot())) {
            throw new UploadMismatchException(what + ": the receiver confirmed snapshot " + reply.snapshot());
        }
        if (reply.bytes() != outcome.sent().storedBytes()) {
            throw new UploadMismatchException(what + ": sent " + outcome.sent().storedBytes()
                    + " bytes but the receiver stored " + reply.bytes());
        }
        if (!reply.sha256().equals(outcome.sent().sha256())) {
            throw new UploadMismatchException(what + ": sha256 sent " + outcome.sent().sha256()
                    + " but the receiver stored " + reply.sha256());
        }
    }
}
