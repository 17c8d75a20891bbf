package org.btrfssendbackup.pruner;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.retention.KeptPoint;
import org.btrfssendbackup.core.retention.RetentionPlan;
import org.btrfssendbackup.core.retention.RetentionPolicy;

/**
 * One prune pass over one set.
 *
 * @param plan      the planner's decision (keep with reasons, delete, unrestorable)
 * @param deleted   what was deleted, oldest first (what would be, when {@code dryRun})
 * @param warnings  files left alone and other findings for the operator
 * @param recovered interrupted deletions of an earlier run that this pass resolved first
 * @param corrupt   streams the pass's check before deleting found damaged
 */
public record PruneResult(BackupSetName set, RetentionPolicy policy, boolean dryRun, RetentionPlan plan,
                          List<DeletedStream> deleted, List<PruneWarning> warnings, List<String> recovered,
                          List<CorruptStream> corrupt, Duration duration) {

    public PruneResult {
        Objects.requireNonNull(set, "prune result: set");
        Objects.requireNonNull(policy, "prune result: policy");
        Objects.requireNonNull(plan, "prune result: plan");
        deleted = List.copyOf(deleted);
        warnings = List.copyOf(warnings);
        recovered = List.copyOf(recovered);
        corrupt = List.copyOf(corrupt);
        Objects.requireNonNull(duration, "prune result: duration");
    }

    public int keptCount() {
        return plan.keep().size();
    }

    public long bytesFreed() {
        return deleted.stream().mapToLong(DeletedStream::bytes).sum();
    }

    /** Kept stream name to its reasons, e.g. {@code "LATEST DAILY(2026-11-20)"}. */
    public SortedMap<String, String> keptReasons() {
        return plan.keep().stream().collect(Collectors.toMap(KeptPoint::name,
                kept -> kept.reasons().stream().map(Object::toString).collect(Collectors.joining(" ")),
                (a, b) -> a, TreeMap::new));
    }
}
