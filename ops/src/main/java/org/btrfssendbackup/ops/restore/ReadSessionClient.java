package org.btrfssendbackup.ops.restore;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.core.process.RunningProcess;
import org.btrfssendbackup.core.protocol.ReadSessionFraming;
import org.btrfssendbackup.core.protocol.ReadSessionHeader;
import org.btrfssendbackup.core.protocol.ReceiverCommand;
import org.btrfssendbackup.core.protocol.ReceiverOverSsh;

/**
 * The restore's end of one {@code read-session} over ssh: one request at a time, each reply read
 * exactly to its length ({@link ReadSessionFraming}). When stdout ends where a header should be,
 * the receiver failed that request (or refused the session) and its exit status and stderr line
 * say why: {@link #request} then throws the {@link ProcessFailedException} a one-shot call would.
 */
final class ReadSessionClient implements AutoCloseable {

    /** How long a receiver that ended its output gets to exit (it has nothing left to do). */
    static final Duration EXIT_WAIT = Duration.ofSeconds(30);

    private final RunningProcess process;
    /** The process's stdout, every read bounded by the stall timeout ({@link SshSource#watched}). */
    private final InputStream stdout;
    private final ObjectMapper json;
    private final String target;
    private InputStream body;
    private int answered;
    private boolean broken;

    private ReadSessionClient(RunningProcess process, Duration stallTimeout, ObjectMapper json, String target) {
        this.process = process;
        this.stdout = SshSource.watched(process.stdout(), process, stallTimeout);
        this.json = json;
        this.target = target;
    }

    /** Starts {@code ssh … read-session}; the receiver's answer (or refusal) comes with the first request. */
    static ReadSessionClient start(ReceiverOverSsh receiver, ObjectMapper json, Duration stallTimeout) {
        return new ReadSessionClient(receiver.startInteractive(new ReceiverCommand.ReadSession()), stallTimeout,
                Objects.requireNonNull(json, "json"), receiver.target());
    }

    /** Requests answered so far: none means the receiver may not know read-session at all. */
    int answered() {
        return answered;
    }

    /** Whether another request can go over this connection (no failure, the last body read to its end). */
    boolean usable() {
        return !broken && (body == null || ReadSessionFraming.complete(body));
    }

    /**
     * Sends {@code command} and returns its reply's body: it ends after exactly the announced
     * bytes, and ending sooner is a read error naming {@code what} and both counts.
     *
     * @throws ProcessFailedException the receiver failed or refused the request (its exit status and stderr)
     * @throws IOException            the reply was not a valid frame
     */
    InputStream request(ReceiverCommand command, String what) throws IOException {
        if (!usable()) {
            throw new IllegalStateException("read-session to " + target + ": the previous reply was not read to its end");
        }
        try {
            OutputStream stdin = process.stdin();
            stdin.write(ReadSessionFraming.request(command));
            stdin.flush();
        } catch (IOException e) {
            // the receiver already ended (an older one refuses the session at once): its status says why
            throw ended(command, e);
        }
        Optional<String> line;
        try {
            line = ReadSessionFraming.readLine(stdout, ReadSessionFraming.MAX_HEADER_LENGTH,
                    "read-session to " + target + ": reply to " + command.word());
        } catch (IOException e) {
            broken = true;
            throw e;
        }
        if (line.isEmpty()) {
            throw ended(command, null);
        }
        ReadSessionHeader header;
        try {
            header = ReadSessionHeader.parse(line.get(), json);
        } catch (IOException e) {
            broken = true;
            throw e;
        }
        if (!header.command().equals(command.word())) {
            broken = true;
            throw new IOException("read-session to " + target + ": asked " + command.word() + ", the reply is for "
                    + header.command() + ": " + line.get());
        }
        answered++;
        body = ReadSessionFraming.body(stdout, header.bytes(), what);
        return new WithCause(body);
    }

    /** The receiver ended where a reply should start: its failure, or an end without one. */
    private IOException ended(ReceiverCommand command, IOException cause) {
        broken = true;
        process.await(EXIT_WAIT);
        return new IOException("read-session to " + target + ": the receiver ended without answering "
                + command.word() + " (exit status 0)", cause);
    }

    /** Ends the session: end of stdin, a short wait for the receiver's exit, else it is destroyed. */
    @Override
    public void close() {
        try {
            if (usable()) {
                process.await(EXIT_WAIT);
            }
        } catch (ProcessFailedException e) {
            // every reply already arrived whole and was checked; how the receiver ended changes none of it
        } finally {
            try {
                stdout.close(); // ends the stall watch's thread
            } catch (IOException e) {
                // the process is closed next either way
            } finally {
                process.close();
            }
        }
    }

    /** A short body: the receiver's own failure, when it has one, says more than the byte counts. */
    private final class WithCause extends FilterInputStream {
        WithCause(InputStream body) {
            super(body);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw withCause(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw withCause(e);
            }
        }

        private IOException withCause(IOException e) {
            broken = true;
            try {
                process.await(Duration.ofSeconds(5));
            } catch (ProcessFailedException failed) {
                return new IOException(e.getMessage() + "; " + failed.getMessage(), e);
            }
            return e;
        }

        /** Not the session's stdout: closing a body early only makes the session unusable. */
        @Override
        public void close() {
        }
    }
}
