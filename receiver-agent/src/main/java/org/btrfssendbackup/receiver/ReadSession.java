package org.btrfssendbackup.receiver;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.btrfssendbackup.core.layout.NameText;
import org.btrfssendbackup.core.protocol.CommandRefusedException;
import org.btrfssendbackup.core.protocol.ReadSessionFraming;
import org.btrfssendbackup.core.protocol.ReceiverCommand;
import org.btrfssendbackup.core.protocol.ReceiverCommands;
import org.btrfssendbackup.core.config.ReceiverConfig;
import org.btrfssendbackup.core.stream.IdleReadWatch;

/**
 * {@code read-session}: reads request lines from stdin and has the receiver answer each, framed
 * ({@link ReadSessionFraming}), until end of stdin. A request is parsed by the same grammar as a
 * forced command and must be a read request (version, list, get-stream); anything else, a line
 * over {@link ReceiverCommands#MAX_LENGTH} or a request past {@link ReadSessionFraming#MAX_REQUESTS}
 * is refused, and any failure ends the session as that command alone would fail (the caller's
 * exit status and stderr line). Waiting for the next request is bounded by RECEIVE_IDLE_TIMEOUT
 * (a client gone without closing its connection); writing a reply is not (as get-stream alone).
 */
final class ReadSession {

    /** Answers one request: its header and body on stdout (the receiver's checks all apply). */
    interface Requests {
        void answer(ReceiverCommand request, OutputStream stdout) throws IOException;
    }

    private final Requests requests;
    private final Duration idleTimeout;
    private final int maxRequests;

    ReadSession(Requests requests, Duration idleTimeout, int maxRequests) {
        this.requests = Objects.requireNonNull(requests, "requests");
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        this.maxRequests = maxRequests;
    }

    /** Serves requests until end of stdin (then returns); throws what ends the session otherwise. */
    void serve(InputStream stdin, OutputStream stdout) throws IOException {
        try (IdleReadWatch watch = IdleReadWatch.start(stdin, idleTimeout, stdin, ReceiverConfig.IDLE_TIMEOUT,
                "the console or the link is gone")) {
            // buffered: request lines are read byte by byte, and nothing else is read from stdin
            InputStream requestLines = new BufferedInputStream(watch.input(), 4096);
            for (int n = 1; ; n++) {
                Optional<String> line = nextLine(requestLines, n);
                if (line.isEmpty()) {
                    return;
                }
                if (n > maxRequests) {
                    throw new CommandRefusedException("read-session: more than " + maxRequests
                            + " requests in one session (open another connection)");
                }
                requests.answer(request(line.get(), n), stdout);
                stdout.flush();
            }
        }
    }

    private static Optional<String> nextLine(InputStream in, int n) throws IOException {
        try {
            return ReadSessionFraming.readLine(in, ReceiverCommands.MAX_LENGTH, "read-session request " + n);
        } catch (ReadSessionFraming.LineTooLongException e) {
            throw new CommandRefusedException(e.getMessage());
        } catch (ReadSessionFraming.TruncatedLineException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("read-session: waiting for request " + n + ": " + e.getMessage(), e);
        }
    }

    private static ReceiverCommand request(String line, int n) {
        ReceiverCommand command;
        try {
            command = ReceiverCommands.parse(line);
        } catch (CommandRefusedException e) {
            throw new CommandRefusedException("read-session request " + n + ": " + e.getMessage(), line);
        }
        if (!ReceiverCommand.ReadSession.allowsRequest(command)) {
            throw new CommandRefusedException("read-session request " + n + ": '" + NameText.quote(command.word())
                    + "' is not a read request (a session takes version, list and get-stream)", line);
        }
        return command;
    }
}
