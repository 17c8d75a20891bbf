package org.btrfssendbackup.producer.upload;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Counts the bytes of a transfer on their way to the transport and calls {@link #tick} at most
 * once per interval, the first once the transfer has run one interval. The terminal line and the
 * TransferProgress events are both this, at different intervals: the counting and the throttle
 * exist once, so a fast stream never spends its time reporting.
 */
abstract class ThrottledByteCount extends FilterOutputStream {

    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private final long started;
    private long bytes;
    private long lastTick;

    ThrottledByteCount(OutputStream out, LongSupplier nanoTime, Duration interval) {
        super(out);
        this.nanoTime = nanoTime;
        this.intervalNanos = interval.toNanos();
        this.started = nanoTime.getAsLong();
    }

    /** Pure: whether the next tick is due, {@code elapsed} after the start and {@code lastTick} (0: none yet). */
    static boolean due(long elapsedNanos, long lastTickNanos, long intervalNanos) {
        return elapsedNanos - lastTickNanos >= intervalNanos;
    }

    /** Called from the writing thread with the bytes so far and the time since the start. */
    protected abstract void tick(long bytesSoFar, long elapsedNanos);

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        count(1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        count(len);
    }

    /** The bytes written so far. */
    final long bytes() {
        return bytes;
    }

    /** The time since the start. */
    final long elapsedNanos() {
        return nanoTime.getAsLong() - started;
    }

    private void count(long n) {
        bytes += n;
        long elapsed = elapsedNanos();
        if (due(elapsed, lastTick, intervalNanos)) {
            lastTick = elapsed;
            tick(bytes, elapsed);
        }
    }
}
