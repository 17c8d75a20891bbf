package org.btrfssendbackup.producer.upload;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;

/**
 * The upload's progress watchdog: a write into ssh that has not returned for the stall timeout
 * means the other side stopped reading (a frozen receiver, a link that drops packets while
 * the TCP connection stays up), so the watch runs its kill action, which ends ssh and with it
 * the blocked write. Time the writer spends producing bytes (btrfs send, zstd) does not count:
 * only a write that ssh does not take is a stall.
 */
final class StallWatch implements AutoCloseable {

    private static final long NOT_WRITING = Long.MIN_VALUE;

    private final Duration timeout;
    private final Runnable kill;
    private final Thread thread;
    private volatile long writeStartedNanos = NOT_WRITING;
    private volatile long bytes;
    private volatile boolean fired;
    private volatile boolean stopped;

    private StallWatch(Duration timeout, Runnable kill, String name) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.kill = Objects.requireNonNull(kill, "kill");
        this.thread = new Thread(this::watch, name);
        this.thread.setDaemon(true);
    }

    /** @param kill ends the transport, so that a write blocked in it returns with an error */
    static StallWatch start(Duration timeout, Runnable kill, String name) {
        StallWatch watch = new StallWatch(timeout, kill, name);
        watch.thread.start();
        return watch;
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
                writeStartedNanos = System.nanoTime();
                try {
                    out.write(b, off, len);
                    bytes += len;
                } finally {
                    writeStartedNanos = NOT_WRITING;
                }
            }

            @Override
            public void flush() throws IOException {
                writeStartedNanos = System.nanoTime();
                try {
                    out.flush();
                } finally {
                    writeStartedNanos = NOT_WRITING;
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
        return fired;
    }

    /** Bytes the transport took before the stall (or in all). */
    long bytes() {
        return bytes;
    }

    Duration timeout() {
        return timeout;
    }

    private void watch() {
        long tick = Math.max(20, Math.min(1000, timeout.toMillis() / 10));
        while (!stopped) {
            long started = writeStartedNanos;
            if (started != NOT_WRITING && System.nanoTime() - started >= timeout.toNanos()) {
                fired = true;
                kill.run();
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
