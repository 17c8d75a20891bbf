package org.btrfssendbackup.receiver;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;

/**
 * The receiver's idle read timeout (RECEIVE_IDLE_TIMEOUT): a read of the upload that has not
 * returned for the timeout means the producer or the link is gone without closing the
 * connection (a frozen producer, a link that silently drops packets). The watch then closes
 * the source, which ends the blocked read, and the read fails with an error naming the
 * timeout, so the upload is discarded and the set's upload lock is released. Time the
 * receiver spends writing what it read (a slow disk) does not count: only waiting for input.
 *
 * <p>Closing must wake a blocked read: the forced command reads stdin through an NIO channel,
 * whose close signals the reading thread (a FileInputStream's close does not).
 */
final class IdleReadWatch implements AutoCloseable {

    private static final long NOT_READING = Long.MIN_VALUE;

    private final InputStream source;
    private final Duration timeout;
    private final Closeable abort;
    private final Thread thread;
    private volatile long readStartedNanos = NOT_READING;
    private volatile boolean fired;
    private volatile boolean stopped;

    private IdleReadWatch(InputStream source, Duration timeout, Closeable abort) {
        this.source = Objects.requireNonNull(source, "source");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.abort = Objects.requireNonNull(abort, "abort");
        this.thread = new Thread(this::watch, "idle-read-watch");
        this.thread.setDaemon(true);
    }

    /** @param abort ends a read blocked in the source (usually the source's own close) */
    static IdleReadWatch start(InputStream source, Duration timeout, Closeable abort) {
        IdleReadWatch watch = new IdleReadWatch(source, timeout, abort);
        watch.thread.start();
        return watch;
    }

    /** The source as the reader sees it: every read is timed. */
    InputStream input() {
        return new FilterInputStream(source) {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (fired) {
                    throw timedOut(null);
                }
                readStartedNanos = System.nanoTime();
                try {
                    return in.read(b, off, len);
                } catch (IOException e) {
                    throw fired ? timedOut(e) : e;
                } finally {
                    readStartedNanos = NOT_READING;
                }
            }
        };
    }

    boolean fired() {
        return fired;
    }

    private IOException timedOut(IOException cause) {
        return new IOException("no byte arrived for " + timeout.toSeconds() + " s (RECEIVE_IDLE_TIMEOUT): the producer"
                + " or the link is gone", cause);
    }

    private void watch() {
        long tick = Math.max(20, Math.min(1000, timeout.toMillis() / 10));
        while (!stopped) {
            long started = readStartedNanos;
            if (started != NOT_READING && System.nanoTime() - started >= timeout.toNanos()) {
                fired = true;
                try {
                    abort.close();
                } catch (IOException ignored) {
                    // the blocked read reports the timeout either way
                }
                return;
            }
            try {
                Thread.sleep(tick);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
