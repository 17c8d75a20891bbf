package org.btrfssendbackup.producer.upload;

import org.btrfssendbackup.core.config.SshTimeouts;
import org.btrfssendbackup.core.protocol.ReceiverExit;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;

import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.CommandResult;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.process.RunningProcess;
import org.btrfssendbackup.core.process.StdinSource;
import org.btrfssendbackup.core.process.StdoutMode;
import org.btrfssendbackup.core.time.Durations;
import org.btrfssendbackup.messages.jms.PermanentStepException;
import org.btrfssendbackup.messages.jms.TransientStepException;

/**
 * One ssh call that carries a stream on stdin and answers with one short reply on stdout:
 * {@code put-stream} (encrypted-stream) and {@code receive} (remote-btrfs). When writing
 * fails, ssh is killed, so the receiver sees a cut stream and discards it, and the error
 * carries ssh's stderr, which usually says why the other side stopped reading.
 *
 * <p>Bounded in time: a write that ssh does not take within the stall timeout ({@link StallWatch}),
 * or no reply within the reply timeout after the last byte, kills ssh and fails the call with a
 * {@link TransientStepException} naming the stall, the receiver host and the object: the next
 * attempt may well find the link or the receiver back.
 */
public final class SshStreamCall {

    /** Replies are one JSON line; anything longer is not a reply. */
    private static final long REPLY_LIMIT = 64 * 1024;

    /** Writes the stream into ssh's stdin and says what it sent. */
    @FunctionalInterface
    public interface Writer<T> {
        T writeTo(OutputStream transport) throws IOException;
    }

    /** What was sent, and the receiver's reply (stdout). */
    public record Result<T>(T sent, String reply) {
    }

    /**
     * How one call is bounded and named in errors.
     *
     * @param operation    e.g. "upload" or "receive"
     * @param host         the receiver host, as ssh was told (BACKUP_SSH_TARGET)
     * @param object       what is carried, e.g. "prod-srv/rootfs/prod-srv-rootfs-20260301T020500Z"
     * @param stallTimeout longest a write into ssh may block
     * @param replyTimeout longest wait for the reply after the last byte
     */
    public record Limits(String operation, String host, String object, Duration stallTimeout, Duration replyTimeout) {
        public Limits {
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(object, "object");
            if (stallTimeout.isZero() || stallTimeout.isNegative() || replyTimeout.isZero() || replyTimeout.isNegative()) {
                throw new IllegalArgumentException("ssh stream call timeouts must be positive");
            }
        }

        String what() {
            return operation + " of " + object + " to " + host;
        }
    }

    private SshStreamCall() {
    }

    public static <T> Result<T> run(ProcessRunner runner, CommandLine command, Writer<T> writer, Limits limits)
            throws IOException {
        try (RunningProcess ssh = runner.start(command, StdinSource.pipe(), StdoutMode.capture(REPLY_LIMIT));
             StallWatch watch = StallWatch.start(limits.stallTimeout(), ssh::destroy, "stall-watch-" + limits.operation())) {
            T sent;
            try {
                sent = writer.writeTo(watch.watching(ssh.stdin()));
            } catch (IOException | RuntimeException e) {
                ssh.destroy();
                if (watch.fired()) {
                    throw new TransientStepException(limits.what() + " stalled: ssh took no byte for "
                            + Durations.format(limits.stallTimeout()) + " (" + SshTimeouts.STALL_TIMEOUT + ") after " + watch.bytes()
                            + " bytes (receiver frozen or link down); ssh killed, the next attempt sends again", e);
                }
                throw withTransportError(ssh, e, limits);
            }
            watch.close();
            return new Result<>(sent, awaitReply(ssh, limits, watch.bytes()));
        }
    }

    private static String awaitReply(RunningProcess ssh, Limits limits, long bytes) {
        try {
            CommandResult result = ssh.await(limits.replyTimeout());
            return result.stdoutText();
        } catch (ProcessFailedException e) {
            if (e.reason() == ProcessFailedException.Reason.TIMED_OUT) {
                throw new TransientStepException(limits.what() + " stalled: no reply within " + Durations.format(limits.replyTimeout())
                        + " after the last of " + bytes + " bytes (receiver frozen or link down); ssh killed; "
                        + e.getMessage(), e);
            }
            throw noSpaceOr(e, limits);
        }
    }

    /**
     * Exit status 3 is the receiver's "no space left on backup-srv": permanent, the cause (the
     * receiver's stderr line) first and ssh's argv after it.
     */
    private static RuntimeException noSpaceOr(ProcessFailedException failed, Limits limits) {
        if (failed.exitStatus() != ReceiverExit.NO_SPACE) {
            return failed;
        }
        String line = failed.stderrTail().strip().lines().reduce((a, b) -> b).orElse("(no stderr)");
        return new PermanentStepException(limits.what() + ": " + line + " (receiver exit status 3; not retried"
                + " until backup-srv has room); " + failed.getMessage(), failed);
    }

    private static IOException withTransportError(RunningProcess ssh, Exception cause, Limits limits) {
        try {
            ssh.await(Duration.ofSeconds(5));
        } catch (ProcessFailedException failed) {
            RuntimeException classified = noSpaceOr(failed, limits);
            if (classified instanceof PermanentStepException permanent) {
                permanent.addSuppressed(cause);
                throw permanent;
            }
            String operation = limits.operation();
            return new IOException(operation + " failed: " + cause.getMessage() + "; " + failed.getMessage(), cause);
        } catch (RuntimeException ignored) {
            // fall through to the writer's own error
        }
        return cause instanceof IOException io ? io
                : new IOException(limits.operation() + " failed: " + cause.getMessage(), cause);
    }
}
