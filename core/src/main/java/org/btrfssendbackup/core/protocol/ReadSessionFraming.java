package org.btrfssendbackup.core.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The wire format of {@code read-session}, both directions, in one place. The client writes
 * request lines (ASCII, each ended by {@code \n}, at most {@link ReceiverCommands#MAX_LENGTH}
 * characters before it); the receiver answers each with a header line
 * ({@link ReadSessionHeader}: status, command, {@code bytes} N) and exactly N bytes of what the
 * command alone would have written to stdout. A failing request ends the session as the
 * command alone fails (its exit status, its one stderr line), so there is no error frame: the
 * client sees stdout end where a header should be. End of stdin ends the session (exit 0).
 */
public final class ReadSessionFraming {

    /** Requests one session serves; the next one is refused. A chain of 31 links takes 32. */
    public static final int MAX_REQUESTS = 10_000;
    /** Longer than any header line the receiver writes (about 60 bytes). */
    public static final int MAX_HEADER_LENGTH = 1024;

    private ReadSessionFraming() {
    }

    /** A request line as the client writes it. */
    public static byte[] request(ReceiverCommand command) {
        if (!ReceiverCommand.ReadSession.allowsRequest(command)) {
            throw new IllegalArgumentException("read-session: " + command.word() + " is not a read request");
        }
        return (command.format() + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The header line before a body of {@code bytes} bytes. */
    public static void writeHeader(OutputStream out, ReceiverCommand command, long bytes) throws IOException {
        out.write((new ReadSessionHeader(command.word(), bytes).format() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One line without its {@code \n}, read byte by byte (nothing after it is consumed, so the
     * body that follows a header stays in {@code in}); each byte becomes the char of its value,
     * so a non-ASCII byte reaches the grammar's check as what it is.
     *
     * @return empty at end of stream before the line's first byte
     * @throws IOException the stream ended inside the line, or the line is longer than {@code maxLength}
     */
    public static Optional<String> readLine(InputStream in, int maxLength, String what) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (line.size() == 0) {
                    return Optional.empty();
                }
                throw new TruncatedLineException(what + ": the stream ended inside a line after " + line.size() + " bytes");
            }
            if (b == '\n') {
                return Optional.of(line.toString(StandardCharsets.ISO_8859_1));
            }
            if (line.size() == maxLength) {
                throw new LineTooLongException(what + ": line longer than " + maxLength + " characters");
            }
            line.write(b);
        }
    }

    /**
     * The next {@code bytes} bytes of {@code in} as a stream of their own: it ends after exactly
     * that many, and a stream that ends sooner is a read error naming {@code what} and both
     * counts (a truncated transfer never passes for a short, complete one). Closing it does not
     * close {@code in}.
     */
    public static InputStream body(InputStream in, long bytes, String what) {
        return new Body(in, bytes, what);
    }

    /** A line over its limit: the receiver refuses such a request, the client fails on such a header. */
    public static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException(String message) {
            super(message);
        }
    }

    /** The stream ended inside a line: the other side went away mid-request or mid-header. */
    public static final class TruncatedLineException extends IOException {
        private static final long serialVersionUID = 1L;

        TruncatedLineException(String message) {
            super(message);
        }
    }

    private static final class Body extends InputStream {
        private final InputStream in;
        private final long length;
        private final String what;
        private long left;

        Body(InputStream in, long length, String what) {
            this.in = Objects.requireNonNull(in, "in");
            if (length < 0) {
                throw new IllegalArgumentException(what + ": negative body length " + length);
            }
            this.length = length;
            this.left = length;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            if (left == 0) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                throw truncated();
            }
            left--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (left == 0) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw truncated();
            }
            left -= n;
            return n;
        }

        private IOException truncated() {
            return new IOException(what + ": truncated: " + (length - left) + " of " + length + " bytes arrived");
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(left, in.available());
        }

        /** Bytes of the body not read yet. */
        long remaining() {
            return left;
        }

        @Override
        public void close() {
            // the session's stream stays open for the next reply
        }
    }

    /** Whether a body stream from {@link #body} was read to its end. */
    public static boolean complete(InputStream body) {
        return body instanceof Body b && b.remaining() == 0;
    }
}
