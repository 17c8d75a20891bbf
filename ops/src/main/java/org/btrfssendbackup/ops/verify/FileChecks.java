package org.btrfssendbackup.ops.verify;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.core.worker.WorkerFailure;
import org.btrfssendbackup.core.worker.WorkerStop;
import org.btrfssendbackup.ops.restore.StoredFileCheck;
import org.slf4j.LoggerFactory;

/**
 * The size and sha256 checks of a set's stored files ({@link StoredFileCheck#problem}), up to
 * {@code parallel} files at once: SHA-256 runs on one core per file, so a set of several files
 * is hashed on every core. Results are taken in the order the files were given, so findings
 * come out as from one file after the other; a file's IOException is thrown when its result is
 * taken, as the check of that file alone would throw it. {@link #close} stops what is left and
 * waits for its threads, for a bounded time.
 */
final class FileChecks implements AutoCloseable {

    /** A file and its manifest, to check. */
    record Check(Path file, Manifest manifest) {
    }

    /** The check of one file: {@link StoredFileCheck#problem} (tests count what runs at once). */
    @FunctionalInterface
    interface Checker {
        Optional<String> problem(Path file, Manifest manifest) throws IOException;
    }

    private final ExecutorService pool;
    private final Duration stopWait;
    private final List<Future<Optional<String>>> results = new ArrayList<>();

    private FileChecks(ExecutorService pool, Duration stopWait) {
        this.pool = pool;
        this.stopWait = stopWait;
    }

    /** Starts the {@link StoredFileCheck} of {@code checks}, at most {@code parallel} at a time. */
    static FileChecks start(List<Check> checks, int parallel) {
        return start(checks, parallel, StoredFileCheck::problem);
    }

    static FileChecks start(List<Check> checks, int parallel, Checker checker) {
        return start(checks, parallel, checker, WorkerStop.WAIT);
    }

    /** With another bound for {@link #close}'s wait (tests). */
    static FileChecks start(List<Check> checks, int parallel, Checker checker, Duration stopWait) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel checks: " + parallel + " is not positive");
        }
        AtomicInteger number = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, checks.size())), task -> {
            Thread thread = new Thread(task, "verify-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        FileChecks started = new FileChecks(pool, stopWait);
        for (Check check : checks) {
            started.results.add(pool.submit(() -> checker.problem(check.file(), check.manifest())));
        }
        return started;
    }

    /** The problem of the {@code index}th check (in the order given), waiting for it. */
    Optional<String> problem(int index) throws IOException {
        try {
            return results.get(index).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while checking stored files");
        } catch (ExecutionException e) {
            throw WorkerFailure.rethrown(e.getCause());
        }
    }

    /**
     * Cancels the checks not yet taken and waits until the pool's threads have ended, at most
     * {@link WorkerStop#WAIT}; returns whether they did (a check stuck in a read that does not
     * return, a hung disk, ignores the interrupt: its daemon thread is left to the exit).
     */
    boolean stop() {
        pool.shutdownNow();
        try {
            return pool.awaitTermination(stopWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return pool.isTerminated();
        }
    }

    @Override
    public void close() {
        if (!stop()) {
            // only on this path: verify without the passphrase starts no logging otherwise
            LoggerFactory.getLogger(FileChecks.class).warn("verify: a stored file's check did not stop"
                    + " within {} s (a read that does not return); its thread is left to the exit", stopWait.toSeconds());
        }
    }
}
