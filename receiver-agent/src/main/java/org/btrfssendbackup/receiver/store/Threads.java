package org.btrfssendbackup.receiver.store;

/** Thread helpers for the receiver's helper threads (flushing, writing). */
final class Threads {

    private Threads() {
    }

    /**
     * Waits for {@code thread} to end even if interrupted meanwhile, then restores the interrupt:
     * the helper threads end by themselves once told to (a write or flush in progress finishes),
     * and the file they use must not be closed under them.
     */
    static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
