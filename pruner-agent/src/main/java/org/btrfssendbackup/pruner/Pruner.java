package org.btrfssendbackup.pruner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.btrfssendbackup.core.chain.RestorePoint;
import org.btrfssendbackup.core.config.ScrubSettings;
import org.btrfssendbackup.core.integrity.CheckRecord;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SetLock;
import org.btrfssendbackup.core.layout.StorePaths;
import org.btrfssendbackup.core.layout.SymbolicLinkInStoreException;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.retention.ChainMode;
import org.btrfssendbackup.core.retention.RetentionPlan;
import org.btrfssendbackup.core.retention.RetentionPlanner;
import org.btrfssendbackup.core.retention.RetentionPolicy;
import org.btrfssendbackup.core.retention.UnrestorablePoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a retention policy to the stored streams of one set: under the receiver's set lock,
 * resolve interrupted deletions, scan, plan ({@link ChainMode#STREAM_CHAINS}: every kept
 * point keeps its whole chain; only restorable points count), then delete each planned stream
 * with its manifest through {@link DeletionIntent}. Knows nothing about messages: callers turn
 * the result into events.
 *
 * <p>Integrity before retention: when the plan deletes anything, every link of the restorable
 * chains it keeps whose last check is older than PRUNE_CHECK_MAX_AGE is re-read now. A damaged
 * link makes its chain unrestorable, the plan is made again, and so on until every chain the
 * final plan relies on is freshly checked: nothing is deleted on the strength of a chain that
 * is not known to restore. A dry run plans on the recorded checks only (it reads no stream).
 *
 * <p>One pass at a time per instance (the scheduled pass and a triggered one share it);
 * other processes are kept out by the set lock.
 */
public final class Pruner {

    /** How long a pass waits for an upload to the same set to finish. */
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofMinutes(2);

    private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);

    private final StoreLayout layout;
    private final DeletionIntent deletion;
    private final Clock clock;
    private final Duration lockWait;
    private final Duration checkMaxAge;
    private final StreamChecker checker;

    public Pruner(StoreLayout layout, Deleter deleter, Clock clock, Duration lockWait) {
        this(layout, deleter, clock, lockWait, ScrubSettings.DEFAULT_CHECK_MAX_AGE);
    }

    /** @param checkMaxAge PRUNE_CHECK_MAX_AGE: a kept link checked longer ago is re-checked before deleting */
    public Pruner(StoreLayout layout, Deleter deleter, Clock clock, Duration lockWait, Duration checkMaxAge) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.deletion = new DeletionIntent(deleter);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lockWait = Objects.requireNonNull(lockWait, "lockWait");
        this.checkMaxAge = Objects.requireNonNull(checkMaxAge, "checkMaxAge");
        this.checker = new StreamChecker(layout, clock);
    }

    /** The production pruner for BACKUP_ROOT: real filesystem, system clock. */
    public static Pruner forBackupRoot(Path backupRoot) {
        return forBackupRoot(backupRoot, ScrubSettings.DEFAULT_CHECK_MAX_AGE);
    }

    public static Pruner forBackupRoot(Path backupRoot, Duration checkMaxAge) {
        return new Pruner(new StoreLayout(backupRoot), new FileSystemDeleter(), Clock.systemUTC(), DEFAULT_LOCK_WAIT,
                checkMaxAge);
    }

    public StoreLayout layout() {
        return layout;
    }

    /**
     * @throws UnknownSetException when the set has no directory under BACKUP_ROOT
     * @throws SetBusyException    when an upload held the set lock for longer than the wait
     * @throws IOException         when the filesystem fails; the directory stays consistent and the next pass resolves it
     */
    public synchronized PruneResult prune(BackupSetName set, RetentionPolicy policy, boolean dryRun) throws IOException {
        Objects.requireNonNull(policy, "policy");
        Instant start = clock.instant();
        Path dir = layout.setDirectory(set);
        try {
            // a linked middle component would have the pruner lock, read and delete outside the store
            StorePaths.checkNoLinks(layout.backupRoot(), dir);
        } catch (SymbolicLinkInStoreException e) {
            throw new IOException("prune " + set + ": " + e.getMessage(), e);
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnknownSetException("prune " + set + ": no such set: " + dir + " is not a directory under BACKUP_ROOT "
                    + layout.backupRoot());
        }
        try (SetLock lock = lockSet(set, dir)) {
            // A dry run changes nothing, not even a leftover intent; the scanner reports those.
            List<String> recovered = dryRun ? List.of() : deletion.resolveLeftovers(dir);
            recovered.forEach(line -> LOG.warn("prune {}: {}", set, line));
            StoredSet stored = StoredSetScanner.scan(layout, set, clock.instant());
            Map<String, String> damaged = new HashMap<>(stored.damaged());
            List<CorruptStream> corrupt = new ArrayList<>();
            RetentionPlan plan = plan(stored, policy, damaged);
            while (!dryRun && !plan.delete().isEmpty()) {
                List<StoredStream> stale = staleLinksReliedOn(stored, plan);
                if (stale.isEmpty()) {
                    break;
                }
                Map<String, CheckRecord> checked = new HashMap<>();
                for (StoredStream link : stale) {
                    Optional<CheckRecord> record = checker.check(set, link);
                    record.ifPresent(r -> checked.put(link.name(), r));
                    // A link that vanished is not there to rely on: plan without it.
                    if (record.isEmpty()) {
                        damaged.put(link.name(), "vanished during the check");
                    } else if (!record.get().passed()) {
                        damaged.put(link.name(), "failed its check at " + record.get().checkedAt() + ": "
                                + record.get().problem().orElseThrow());
                        corrupt.add(StreamChecker.finding(set, link, record.get(), stored.streams()));
                    }
                }
                stored = withChecks(stored, checked);
                plan = plan(stored, policy, damaged);
            }
            List<PruneWarning> warnings = new ArrayList<>(stored.warnings());
            plan.unrestorable().forEach(broken -> warnings.add(new PruneWarning(broken.name(),
                    "not restorable (" + broken.cause() + "); kept for an operator's decision")));
            List<DeletedStream> deleted = delete(set, dir, stored, plan, dryRun);
            return new PruneResult(set, policy, dryRun, plan, deleted, warnings, recovered, corrupt,
                    Duration.between(start, clock.instant()));
        }
    }

    private SetLock lockSet(BackupSetName set, Path dir) throws IOException {
        try {
            return SetLock.acquire(SetLock.uploadLockOf(dir), lockWait).orElseThrow(() -> new SetBusyException("prune "
                    + set + ": the set is locked by an upload or another prune for more than " + lockWait.toSeconds()
                    + " s; try again later"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SetBusyException("prune " + set + ": interrupted while waiting for the set lock");
        }
    }

    /**
     * The plan a dry run makes, on the recorded checks only: the one planner with the same inputs as
     * {@link #prune}, for the web console's "why kept" (a real prune may re-check stale links first).
     */
    public static RetentionPlan plan(StoredSet stored, RetentionPolicy policy) {
        return plan(stored, policy, stored.damaged());
    }

    private static RetentionPlan plan(StoredSet stored, RetentionPolicy policy, Map<String, String> damaged) {
        return RetentionPlanner.plan(stored.streams().stream().map(StoredStream::point).toList(), policy,
                stored.protect(), ChainMode.STREAM_CHAINS, damaged);
    }

    /** Links of the restorable kept chains (with a manifest) whose last check is too old to rely on. */
    private List<StoredStream> staleLinksReliedOn(StoredSet stored, RetentionPlan plan) {
        Set<String> broken = plan.unrestorable().stream().map(UnrestorablePoint::name).collect(Collectors.toSet());
        Instant freshAfter = clock.instant().minus(checkMaxAge);
        Set<String> kept = new HashSet<>(plan.keptNames());
        return stored.streams().stream()
                .filter(s -> kept.contains(s.name()) && !broken.contains(s.name()) && s.content().isPresent())
                .filter(s -> s.lastVerified().isBefore(freshAfter))
                .toList();
    }

    /** The same set with the checks just made as their last checks, so the next plan counts them as fresh. */
    private static StoredSet withChecks(StoredSet stored, Map<String, CheckRecord> checked) {
        List<StoredStream> streams = stored.streams().stream().map(s -> !checked.containsKey(s.name()) ? s
                : new StoredStream(s.point(), s.file(), s.manifest(), s.bytes(), s.content(),
                        Optional.of(checked.get(s.name())))).toList();
        return new StoredSet(stored.set(), streams, stored.protect(), stored.damaged(), stored.warnings());
    }

    private List<DeletedStream> delete(BackupSetName set, Path dir, StoredSet stored, RetentionPlan plan, boolean dryRun)
            throws IOException {
        Map<String, StoredStream> byName = stored.streams().stream()
                .collect(Collectors.toMap(StoredStream::name, Function.identity()));
        List<DeletedStream> deleted = new ArrayList<>();
        // Newest first: a dependent goes before its ancestors, so a crash between two deletions
        // never leaves a stored incremental whose parent is gone.
        List<RestorePoint> newestFirst = new ArrayList<>(plan.delete());
        Collections.reverse(newestFirst);
        for (RestorePoint point : newestFirst) {
            StoredStream stream = byName.get(point.name());
            if (!stream.isDeletable()) {
                // The scanner protects these; this guard keeps a future planner change from deleting half a pair.
                throw new IllegalStateException("prune " + set + ": plan deletes " + stream.file() + " which has no manifest");
            }
            if (!dryRun) {
                deletion.delete(dir, stream);
                checker.forget(set, stream);
                LOG.info("prune {}: deleted {} and its manifest ({} bytes)", set, stream.file(), stream.bytes());
            }
            deleted.add(new DeletedStream(stream.file(), stream.bytes()));
        }
        Collections.reverse(deleted);
        return deleted;
    }
}
