package org.btrfssendbackup.producer.upload;

import java.util.Optional;
import org.btrfssendbackup.core.layout.SnapshotName;

/**
 * What a receiver confirmed against what was sent: the snapshot's name, the byte count and the
 * sha256. One comparison, one wording, for both transports' checks ({@link ReplyCheck} for
 * put-stream, the remote-btrfs ReceiveCheck), which differ only in what else they compare and
 * which exception they throw.
 */
public final class SentStreamMatch {

    private SentStreamMatch() {
    }

    /** The first difference, in words, if any; {@code verb} says what the receiver did with the bytes ("stored", "read"). */
    public static Optional<String> difference(SnapshotName sent, long sentBytes, String sentSha256, SnapshotName confirmed,
                                              long confirmedBytes, String confirmedSha256, String verb) {
        return snapshot(sent, confirmed).or(() -> stream(sentBytes, sentSha256, confirmedBytes, confirmedSha256, verb));
    }

    /** Whether the receiver confirmed the snapshot that was sent. */
    public static Optional<String> snapshot(SnapshotName sent, SnapshotName confirmed) {
        return sent.equals(confirmed) ? Optional.empty() : Optional.of("the receiver confirmed snapshot " + confirmed);
    }

    /** Whether the receiver got the bytes that were sent. */
    public static Optional<String> stream(long sentBytes, String sentSha256, long confirmedBytes, String confirmedSha256,
                                          String verb) {
        if (confirmedBytes != sentBytes) {
            return Optional.of("sent " + sentBytes + " bytes but the receiver " + verb + " " + confirmedBytes);
        }
        if (!confirmedSha256.equals(sentSha256)) {
            return Optional.of("sha256 sent " + sentSha256 + " but the receiver " + verb + " " + confirmedSha256);
        }
        return Optional.empty();
    }
}
