package org.btrfssendbackup.pruner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.btrfssendbackup.core.chain.RestorePoint;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.retention.ChainMode;
import org.btrfssendbackup.core.retention.RetentionPlan;
import org.btrfssendbackup.core.retention.RetentionPlanner;
import org.btrfssendbackup.core.retention.RetentionPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a retention policy to the stored streams of one set: under the receiver's set lock,
 * resolve interrupted deletions, scan, plan ({@link ChainMode#STREAM_CHAINS}: every kept
 * point keeps its whole chain), then delete each planned stream with its manifest through
 * {@link DeletionIntent}. Knows nothing about messages: callers turn the result into events.
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

    public Pruner(StoreLayout layout, Deleter deleter, Clock clock, Duration lockWait) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.deletion = new DeletionIntent(deleter);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lockWait = Objects.requireNonNull(lockWait, "lockWait");
    }

    /** The production pruner for BACKUP_ROOT: real filesystem, system clock. */
    public static Pruner forBackupRoot(Path backupRoot) {
        return new Pruner(new StoreLayout(backupRoot), new FileSystemDeleter(), Clock.systemUTC(), DEFAULT_LOCK_WAIT);
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
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnknownSetException("prune " + set + ": no such set: " + dir + " is not a directory under BACKUP_ROOT "
                    + layout.backupRoot());
        }
        try (SetLock lock = SetLock.acquire(dir, lockWait)) {
            // A dry run changes nothing, not even a leftover intent; the scanner reports those.
            List<String> recovered = dryRun ? List.of() : deletion.resolveLeftovers(dir);
            recovered.forEach(line -> LOG.warn("prune {}: {}", set, line));
            StoredSet stored = StoredSetScanner.scan(layout, set, clock.instant());
            RetentionPlan plan = RetentionPlanner.plan(stored.streams().stream().map(StoredStream::point).toList(),
                    policy, stored.protect(), ChainMode.STREAM_CHAINS);
            List<PruneWarning> warnings = new ArrayList<>(stored.warnings());
            plan.orphans().forEach(orphan -> warnings.add(new PruneWarning(orphan.name(),
                    "its chain does not reach a full stream (parent " + orphan.parent() + " is not stored): not restorable")));
            List<DeletedStream> deleted = delete(set, dir, stored, plan, dryRun);
            return new PruneResult(set, policy, dryRun, plan, deleted, warnings, recovered,
                    Duration.between(start, clock.instant()));
        }
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
                LOG.info("prune {}: deleted {} and its manifest ({} bytes)", set, stream.file(), stream.bytes());
            }
            deleted.add(new DeletedStream(stream.file(), stream.bytes()));
        }
        Collections.reverse(deleted);
        return deleted;
    }
}
