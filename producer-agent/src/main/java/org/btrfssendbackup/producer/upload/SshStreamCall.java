package org.btrfssendbackup.producer.upload;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.CommandResult;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.process.RunningProcess;
import org.btrfssendbackup.core.process.StdinSource;
import org.btrfssendbackup.core.process.StdoutMode;

/**
 * One ssh call that carries a stream on stdin and answers with one short reply on stdout:
 * {@code put-stream} (encrypted-stream) and {@code receive} (remote-btrfs). When writing
 * fails, ssh is killed, so the receiver sees a cut stream and discards it, and the error
 * carries ssh's stderr, which usually says why the other side stopped reading.
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

    private SshStreamCall() {
    }

    /** @param operation names the call in errors, e.g. "upload" or "receive" */
    public static <T> Result<T> run(ProcessRunner runner, CommandLine command, Writer<T> writer,
                                    Duration replyTimeout, String operation) throws IOException {
        try (RunningProcess ssh = runner.start(command, StdinSource.pipe(), StdoutMode.capture(REPLY_LIMIT))) {
            T sent;
            try {
                sent = writer.writeTo(ssh.stdin());
            } catch (IOException | RuntimeException e) {
                ssh.destroy();
                throw withTransportError(ssh, e, operation);
            }
            CommandResult result = ssh.await(replyTimeout);
            return new Result<>(sent, result.stdoutText());
        }
    }

    private static IOException withTransportError(RunningProcess ssh, Exception cause, String operation) {
        try {
            ssh.await(Duration.ofSeconds(5));
        } catch (ProcessFailedException failed) {
            return new IOException(operation + " failed: " + cause.getMessage() + "; " + failed.getMessage(), cause);
        } catch (RuntimeException ignored) {
            // fall through to the writer's own error
        }
        return cause instanceof IOException io ? io : new IOException(operation + " failed: " + cause.getMessage(), cause);
    }
}
