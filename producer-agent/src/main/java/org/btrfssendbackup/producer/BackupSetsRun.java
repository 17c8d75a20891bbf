package org.btrfssendbackup.producer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.core.config.BackupSets.BackupSet;
import org.btrfssendbackup.producer.state.LockHeldException;
import org.btrfssendbackup.producer.state.RunLock;

/**
 * {@code run} with several backup sets: LOCK_FILE taken once, then each set's own one-shot run
 * (its own state file, chain and retention) one after another. A failing set does not stop the
 * next ones; the exit status is failed when any set failed.
 */
public final class BackupSetsRun {

    /** One set's run while the lock is held; returns its exit status. */
    @FunctionalInterface
    public interface SetRun {
        int run(BackupSet set, RunLock lock) throws IOException, InterruptedException;
    }

    /** One set's outcome, for the closing summary. */
    record SetStatus(String set, int status) {
    }

    private final List<BackupSet> sets;
    private final RunLock lock;
    private final boolean waitForLock;
    private final boolean quiet;
    private final PrintStream err;

    public BackupSetsRun(List<BackupSet> sets, Path lockFile, Clock clock, boolean waitForLock, PrintStream err) {
        this(sets, lockFile, clock, waitForLock, false, err);
    }

    /** @param quiet -q: no closing per-set lines (each failed set has printed its own summary) */
    public BackupSetsRun(List<BackupSet> sets, Path lockFile, Clock clock, boolean waitForLock, boolean quiet,
                         PrintStream err) {
        if (sets.isEmpty()) {
            throw new IllegalArgumentException("no backup set to run");
        }
        this.sets = List.copyOf(sets);
        this.lock = new RunLock(lockFile, clock);
        this.waitForLock = waitForLock;
        this.quiet = quiet;
        this.err = err;
    }

    /** @return {@link ExitCodes#OK} when every set succeeded, {@link ProducerExitCodes#LOCKED}, else failed */
    public int run(SetRun each) throws IOException, InterruptedException {
        RunLock.Held held;
        try {
            held = lock.tryAcquire();
        } catch (LockHeldException e) {
            if (!waitForLock) {
                err.println(e.getMessage());
                return ProducerExitCodes.LOCKED;
            }
            err.println(e.getMessage() + "; waiting for it (--wait)");
            held = lock.acquireWaiting();
        }
        try (RunLock.Held taken = held) {
            List<SetStatus> statuses = new ArrayList<>();
            for (BackupSet set : sets) {
                statuses.add(new SetStatus(set.name(), runOne(set, each)));
            }
            if (sets.size() > 1 && !quiet) {
                statuses.forEach(s -> err.println("backup set " + s.set() + ": "
                        + (s.status() == ExitCodes.OK ? "ok" : "failed")));
            }
            return combined(statuses.stream().map(SetStatus::status).toList());
        }
    }

    private int runOne(BackupSet set, SetRun each) throws InterruptedException {
        try {
            return each.run(set, lock);
        } catch (IOException | RuntimeException e) {
            // One set's trouble (its tools, its files) must not cost the other sets their backup.
            err.println("backup set " + set.name() + " (" + set.file() + "): " + e);
            return ExitCodes.FAILED;
        }
    }

    /** The run's exit status from its sets': ok only when every set is ok. */
    static int combined(List<Integer> statuses) {
        return statuses.stream().allMatch(s -> s == ExitCodes.OK) ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
