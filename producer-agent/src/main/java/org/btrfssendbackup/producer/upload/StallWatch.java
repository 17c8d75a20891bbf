package org.btrfssendbackup.producer.upload;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import org.btrfssendbackup.core.stream.BlockedCallWatchdog;

/**
 * The upload's progress watchdog: a write into ssh that has not returned for the stall timeout
 * means the other side stopped reading (a frozen receiver, a link that drops packets while
 * the TCP connection stays up), so the watch runs its kill action, which ends ssh and with it
 * the blocked write. Time the writer spends producing bytes (btrfs send, zstd) does not count:
 * only a write that ssh does not take is a stall ({@link BlockedCallWatchdog}).
 */
final class StallWatch implements AutoCloseable {

    private final BlockedCallWatchdog watchdog;
    private volatile long bytes;

    private StallWatch(BlockedCallWatchdog watchdog) {
        this.watchdog = watchdog;
    }

    /** @param kill ends the transport, so that a write blocked in it returns with an error */
    static StallWatch start(Duration timeout, Runnable kill, String name) {
        return new StallWatch(BlockedCallWatchdog.start(timeout, kill, name));
    }

    /** The transport as the writer sees it: every write and flush is timed. */
    OutputStream watching(OutputStream transport) {
        return new FilterOutputStream(transport) {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                watchdog.enter();
                try {
                    out.write(b, off, len);
                    bytes += len;
                } finally {
                    watchdog.exit();
                }
            }

            @Override
            public void flush() throws IOException {
                watchdog.enter();
                try {
                    out.flush();
                } finally {
                    watchdog.exit();
                }
            }

            @Override
            public void close() {
                // the caller owns the transport and closes it when it waits for the reply
            }
        };
    }

    /** Whether the watch found a stall and killed the transport. */
    boolean fired() {
        return watchdog.fired();
    }

    /** Bytes the transport took before the stall (or in all). */
    long bytes() {
        return bytes;
    }

    Duration timeout() {
        return watchdog.timeout();
    }

    @Override
    public void close() {
        watchdog.close();
    }
}
