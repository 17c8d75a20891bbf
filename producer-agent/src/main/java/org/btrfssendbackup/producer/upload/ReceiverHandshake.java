package org.btrfssendbackup.producer.upload;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.btrfssendbackup.core.protocol.ProtocolCompatibility;
import org.btrfssendbackup.core.protocol.ReceiverProtocol;
import org.btrfssendbackup.core.protocol.VersionReply;
import org.btrfssendbackup.messages.jms.PermanentStepException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's side of the version handshake: the receiver's {@code version} reply is asked
 * for once per run (a redelivered step of the same run reuses it) and judged by
 * {@link ProtocolCompatibility} before the first command that depends on it. A receiver that
 * cannot serve the commands about to be used is a permanent failure naming the host to
 * upgrade; a failure to ask (ssh down) is not cached and fails the step as any ssh failure does.
 */
public final class ReceiverHandshake {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiverHandshake.class);

    private String runId;
    private Optional<VersionReply> answer;
    private int asked;

    /**
     * @param runId    the run this step belongs to; null (outside a run) asks every time
     * @param host     the receiver's host as the messages name it
     * @param commands the commands the step is about to use
     * @return the receiver's reply
     * @throws PermanentStepException when the receiver is older than this producer needs
     */
    public synchronized VersionReply require(String runId, StreamUploader receiver, String host, List<String> commands)
            throws IOException {
        Objects.requireNonNull(receiver, "receiver");
        boolean fresh = answer == null || runId == null || !runId.equals(this.runId);
        if (fresh) {
            answer = null; // a failed ask is not remembered: the redelivery asks again
            Optional<VersionReply> reply = receiver.version();
            asked++;
            answer = reply;
            this.runId = runId;
        }
        ProtocolCompatibility.Verdict verdict = ProtocolCompatibility.check(host, answer, ReceiverProtocol.OLDEST_COMPATIBLE,
                commands);
        if (verdict.problem().isPresent()) {
            throw new PermanentStepException("protocol handshake with " + host + ": " + verdict.problem().get());
        }
        if (fresh) {
            verdict.note().ifPresent(LOG::info);
        }
        return answer.orElseThrow();
    }

    /** The free-space figure of this run's reply; empty before the handshake or when the receiver does not say. */
    public synchronized OptionalLong freeBytes() {
        return answer == null ? OptionalLong.empty() : answer.map(VersionReply::freeBytes).orElse(OptionalLong.empty());
    }

    /** How many times {@code version} was asked (for the once-per-run tests). */
    public synchronized int asked() {
        return asked;
    }

    /** The host part of a {@code [user@]host} SSH target, as the handshake's messages name it. */
    public static String host(String sshTarget) {
        return sshTarget.substring(sshTarget.indexOf('@') + 1);
    }
}
