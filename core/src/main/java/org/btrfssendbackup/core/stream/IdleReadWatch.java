package org.btrfssendbackup.core.stream;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;
import org.btrfssendbackup.core.io.ArrayReadInputStream;
import org.btrfssendbackup.core.time.Durations;

/**
 * A read deadline on one input that comes over a link: a read that has not returned for the
 * timeout means the other side or the link is gone without closing the connection (a frozen
 * peer, a link that silently drops packets, a program that stopped writing but holds its end
 * open). The watch then runs its abort, which ends the blocked read, and the read fails with an
 * error naming the timeout's setting. Time the reader spends on what it read (a slow disk, a
 * busy btrfs receive) does not count: only waiting for input ({@link BlockedCallWatchdog}).
 *
 * <p>Used by the receiver on its stdin (RECEIVE_IDLE_TIMEOUT: put-stream, receive, the requests of
 * a read-session) and by the console on ssh's stdout (restore --from-ssh, --ssh-stall-timeout).
 * The abort must wake a blocked read: the receiver closes the NIO channel it reads stdin through
 * (a FileInputStream's close would not), the console ends ssh, whose stdout then ends. Either
 * way the read that follows a firing fails with the timeout, whether it returned an error or an
 * end of stream.
 */
public final class IdleReadWatch implements AutoCloseable {

    private final InputStream source;
    private final BlockedCallWatchdog watchdog;
    private final String setting;
    private final String likelyCause;

    private IdleReadWatch(InputStream source, BlockedCallWatchdog watchdog, String setting, String likelyCause) {
        this.source = Objects.requireNonNull(source, "source");
        this.watchdog = watchdog;
        this.setting = Objects.requireNonNull(setting, "setting");
        this.likelyCause = Objects.requireNonNull(likelyCause, "likelyCause");
    }

    /**
     * @param abort       ends a read blocked in the source (the source's own close, or ending its process)
     * @param setting     the config key or option that sets the timeout, for the message
     * @param likelyCause what a stall means here, for the message ("the producer or the link is gone")
     */
    public static IdleReadWatch start(InputStream source, Duration timeout, Closeable abort, String setting,
            String likelyCause) {
        Objects.requireNonNull(abort, "abort");
        return new IdleReadWatch(source, BlockedCallWatchdog.start(timeout, () -> {
            try {
                abort.close();
            } catch (IOException ignored) {
                // the blocked read reports the timeout either way
            }
        }, "idle-read-watch"), setting, likelyCause);
    }

    /** The source as the reader sees it: every read is timed; closing it also ends the watch. */
    public InputStream input() {
        return new ArrayReadInputStream(source) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (watchdog.fired()) {
                    throw timedOut(null);
                }
                watchdog.enter();
                int n;
                try {
                    n = in.read(b, off, len);
                } catch (IOException e) {
                    throw watchdog.fired() ? timedOut(e) : e;
                } finally {
                    watchdog.exit();
                }
                if (watchdog.fired()) {
                    throw timedOut(null); // the abort ended the source: its end of stream is not the data's
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    watchdog.close();
                }
            }
        };
    }

    /** Whether a read stalled and the abort ran. */
    public boolean fired() {
        return watchdog.fired();
    }

    private IOException timedOut(IOException cause) {
        return new IOException("no byte arrived for " + Durations.format(watchdog.timeout()) + " (" + setting + "): "
                + likelyCause, cause);
    }

    @Override
    public void close() {
        watchdog.close();
    }
}
