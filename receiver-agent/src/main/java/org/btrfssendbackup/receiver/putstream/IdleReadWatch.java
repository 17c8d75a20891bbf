package org.btrfssendbackup.receiver.putstream;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;
import org.btrfssendbackup.core.io.ArrayReadInputStream;
import org.btrfssendbackup.core.stream.BlockedCallWatchdog;

/**
 * The receiver's idle read timeout (RECEIVE_IDLE_TIMEOUT): a read of the upload that has not
 * returned for the timeout means the producer or the link is gone without closing the
 * connection (a frozen producer, a link that silently drops packets). The watch then closes
 * the source, which ends the blocked read, and the read fails with an error naming the
 * timeout, so the upload is discarded and the set's upload lock is released. Time the
 * receiver spends writing what it read (a slow disk) does not count: only waiting for input
 * ({@link BlockedCallWatchdog}).
 *
 * <p>Closing must wake a blocked read: the forced command reads stdin through an NIO channel,
 * whose close signals the reading thread (a FileInputStream's close does not).
 */
public final class IdleReadWatch implements AutoCloseable {

    private final InputStream source;
    private final BlockedCallWatchdog watchdog;

    private IdleReadWatch(InputStream source, BlockedCallWatchdog watchdog) {
        this.source = Objects.requireNonNull(source, "source");
        this.watchdog = watchdog;
    }

    /** @param abort ends a read blocked in the source (usually the source's own close) */
    public static IdleReadWatch start(InputStream source, Duration timeout, Closeable abort) {
        Objects.requireNonNull(abort, "abort");
        return new IdleReadWatch(source, BlockedCallWatchdog.start(timeout, () -> {
            try {
                abort.close();
            } catch (IOException ignored) {
                // the blocked read reports the timeout either way
            }
        }, "idle-read-watch"));
    }

    /** The source as the reader sees it: every read is timed. */
    public InputStream input() {
        return new ArrayReadInputStream(source) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (watchdog.fired()) {
                    throw timedOut(null);
                }
                watchdog.enter();
                try {
                    return in.read(b, off, len);
                } catch (IOException e) {
                    throw watchdog.fired() ? timedOut(e) : e;
                } finally {
                    watchdog.exit();
                }
            }
        };
    }

    boolean fired() {
        return watchdog.fired();
    }

    private IOException timedOut(IOException cause) {
        return new IOException("no byte arrived for " + watchdog.timeout().toSeconds() + " s (RECEIVE_IDLE_TIMEOUT):"
                + " the producer or the link is gone", cause);
    }

    @Override
    public void close() {
        watchdog.close();
    }
}
