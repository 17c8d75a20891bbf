package org.btrfssendbackup.core.worker;

import java.time.Duration;

/**
 * How long closing a piece of work waits for its own thread, and the wait itself: one bound for
 * every worker of a restore or verify (the read-ahead of a drain, the file checks, the keys
 * derived ahead, the decoding stages) and of a backup's stream encoding. A worker that is told to
 * stop ends at once, or when its read returns; a read of a pipe or a hung disk may never return,
 * and no backup, restore or verify may hang on it. Every such thread is a daemon, so one left behind after the bound holds only its
 * buffers and does not keep the JVM from exiting: the verdict already taken is reported.
 */
public final class WorkerStop {

    /** The bound: a read of a local file ends well within it, a stuck one never does. */
    public static final Duration WAIT = Duration.ofSeconds(10);

    private WorkerStop() {
    }

    /**
     * Waits until {@code thread} has ended, at most {@code limit}; returns whether it did. An
     * interrupt of the waiting thread does not cut the wait short (the worker's end is what makes
     * its resources safe to reuse or wipe); it is kept and set again on return.
     */
    public static boolean join(Thread thread, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        boolean interrupted = false;
        long left;
        while (thread.isAlive() && (left = deadline - System.nanoTime()) > 0) {
            try {
                thread.join(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }
}
