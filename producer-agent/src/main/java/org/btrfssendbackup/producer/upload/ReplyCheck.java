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
        SentStreamMatch.difference(request.snapshot(), outcome.sent().storedBytes(), outcome.sent().sha256(),
                reply.snapshot(), reply.bytes(), reply.sha256(), "stored").ifPresent(difference -> {
                    throw new UploadMismatchException(what + ": " + difference);
                });
    }
}
