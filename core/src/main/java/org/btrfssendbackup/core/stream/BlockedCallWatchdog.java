package org.btrfssendbackup.core.stream;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds how long one blocking I/O call may stay blocked: the caller marks each call with
 * {@link #enter()} and {@link #exit()}, and a watcher thread runs {@code onStall} once when a
 * call has been blocked for the timeout. The action must end the transport (kill ssh, close the
 * channel) so the blocked call returns with an error. Time between calls does not count: only
 * waiting on the other side is a stall. Used by the producer's upload (writes into ssh) and the
 * receiver's idle read timeout (reads from ssh).
 */
public final class BlockedCallWatchdog implements AutoCloseable {

    private static final long IDLE = Long.MIN_VALUE;

    private final Duration timeout;
    private final Runnable onStall;
    private final Thread thread;
    private volatile long callStartedNanos = IDLE;
    private volatile boolean fired;
    private volatile boolean stopped;

    private BlockedCallWatchdog(Duration timeout, Runnable onStall, String threadName) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.onStall = Objects.requireNonNull(onStall, "onStall");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("watchdog " + threadName + ": timeout must be > 0, was " + timeout);
        }
        this.thread = new Thread(this::watch, threadName);
        this.thread.setDaemon(true);
    }

    /** @param onStall ends the transport, so that the blocked call returns with an error */
    public static BlockedCallWatchdog start(Duration timeout, Runnable onStall, String threadName) {
        BlockedCallWatchdog watchdog = new BlockedCallWatchdog(timeout, onStall, threadName);
        watchdog.thread.start();
        return watchdog;
    }

    /** A blocking call starts now. */
    public void enter() {
        callStartedNanos = System.nanoTime();
    }

    /** The blocking call returned (normally or not). */
    public void exit() {
        callStartedNanos = IDLE;
    }

    /** Whether a call stalled and the action ran. */
    public boolean fired() {
        return fired;
    }

    public Duration timeout() {
        return timeout;
    }

    private void watch() {
        // A tenth of the timeout, within 20 ms..1 s: fires at most 10 % late, costs nothing idle.
        long tick = Math.max(20, Math.min(1000, timeout.toMillis() / 10));
        while (!stopped) {
            long started = callStartedNanos;
            if (started != IDLE && System.nanoTime() - started >= timeout.toNanos()) {
                fired = true;
                onStall.run();
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
