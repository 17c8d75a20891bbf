package org.btrfssendbackup.ops.console;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.btrfssendbackup.core.chain.RestorePoint;
import org.btrfssendbackup.core.retention.ChainIntegrity;
import org.btrfssendbackup.core.retention.KeepReason;
import org.btrfssendbackup.core.retention.RetentionPlan;

/**
 * What an operator asks of one stored point on the set page: why it is kept (the reasons of the
 * one retention planner, as the pruner would plan now), whether its own stream is damaged, whether
 * it restores and, for a damaged point, which later points it takes down. Pure: the caller reads
 * the store and plans; this only puts the answers side by side.
 *
 * @param snapshot     the point
 * @param reasons      the plan's reasons for keeping it; empty when the next prune deletes it or when
 *                     no plan is known ({@code planned} false)
 * @param planned      whether a retention plan (backup-srv's KEEP_*) was known
 * @param damaged      why its own stream cannot serve as a link (a failed check, no manifest), or null
 * @param unrestorable the first problem on its chain (the same text for every point it takes down),
 *                     or null when it restores
 * @param takesDown    for a damaged point: every other point whose chain passes through it, oldest first
 */
public record RestorePointExplanation(String snapshot, List<KeepReason> reasons, boolean planned, String damaged,
                                      String unrestorable, List<String> takesDown) {

    public RestorePointExplanation {
        Objects.requireNonNull(snapshot, "restore point explanation: snapshot");
        reasons = List.copyOf(reasons);
        takesDown = List.copyOf(takesDown);
    }

    /** Planned, and the plan keeps nothing of it: the next prune deletes it. */
    public boolean deletedAtNextPrune() {
        return planned && reasons.isEmpty();
    }

    /**
     * @param points  every stored point of one set, as the pruner sees them
     * @param damaged the points whose own stream cannot serve as a link, with why (the pruner's scan)
     * @param plan    the pruner's plan for these points, when the policy is known
     * @return one explanation per point, oldest first
     */
    public static Map<String, RestorePointExplanation> explain(Collection<RestorePoint> points,
                                                               Map<String, String> damaged,
                                                               Optional<RetentionPlan> plan) {
        RestorePoint[] sorted = points.toArray(RestorePoint[]::new);
        Arrays.sort(sorted, RestorePoint.BY_TIME);
        Map<String, String> broken = ChainIntegrity.unrestorable(Arrays.asList(sorted), damaged);
        Map<String, List<KeepReason>> kept = new HashMap<>();
        plan.ifPresent(p -> p.keep().forEach(k -> kept.put(k.name(), k.reasons())));
        Map<String, List<String>> children = new HashMap<>();
        for (RestorePoint point : sorted) {
            if (!point.isFull()) {
                children.computeIfAbsent(point.parent(), k -> new ArrayList<>()).add(point.name());
            }
        }
        Map<String, RestorePointExplanation> explained = new LinkedHashMap<>();
        for (RestorePoint point : sorted) {
            String why = damaged.get(point.name());
            List<String> takesDown = new ArrayList<>();
            if (why != null) {
                Set<String> built = descendants(point.name(), children);
                Arrays.stream(sorted).map(RestorePoint::name).filter(built::contains).forEach(takesDown::add);
            }
            explained.put(point.name(), new RestorePointExplanation(point.name(),
                    kept.getOrDefault(point.name(), List.of()), plan.isPresent(), why, broken.get(point.name()),
                    takesDown));
        }
        return explained;
    }

    /** Every point built on {@code name}, directly or through others. */
    private static Set<String> descendants(String name, Map<String, List<String>> children) {
        Set<String> found = new HashSet<>();
        List<String> queue = new ArrayList<>(children.getOrDefault(name, List.of()));
        Set<String> seen = new HashSet<>(List.of(name));
        while (!queue.isEmpty()) {
            String next = queue.remove(0);
            if (seen.add(next)) { // a loop of parents ends here
                found.add(next);
                queue.addAll(children.getOrDefault(next, List.of()));
            }
        }
        return found;
    }

    /** The reasons in an operator's words, e.g. "newest of 2026-12-01 (KEEP_DAILY)". */
    public List<String> becauseWords() {
        if (!planned) {
            return List.of();
        }
        if (reasons.isEmpty()) {
            return List.of("nothing keeps it: the next prune deletes it");
        }
        boolean onlyAsParent = reasons.stream().allMatch(r -> r.kind() == KeepReason.Kind.ANCESTOR_OF);
        List<String> words = new ArrayList<>();
        for (KeepReason reason : reasons) {
            words.add(words(reason, onlyAsParent));
        }
        return words;
    }

    static String words(KeepReason reason, boolean onlyAsParent) {
        return switch (reason.kind()) {
            case LATEST -> "the latest restorable point";
            case DAILY -> "newest of " + reason.detail() + " (KEEP_DAILY)";
            case WEEKLY -> "newest of week " + reason.detail() + " (KEEP_WEEKLY)";
            case MONTHLY -> "newest of " + reason.detail() + " (KEEP_MONTHLY)";
            case PROTECTED -> "protected: a stream without a readable manifest may be built on it";
            case ANCESTOR_OF -> (onlyAsParent ? "only because " : "") + "kept " + reason.detail()
                    + " needs it in its chain";
            case BROKEN_CHAIN -> "not restorable: kept for an operator's decision, never pruned automatically";
        };
    }

    /** The plan's reasons as tokens (LATEST, DAILY(2026-12-01), ANCESTOR_OF(s5)...), for --json and tests. */
    public List<String> reasonTokens() {
        return reasons.stream().map(KeepReason::toString).toList();
    }

    /** Whether kept only because a kept point is built on it. */
    public boolean keptOnlyAsParent() {
        return !reasons.isEmpty() && reasons.stream().allMatch(r -> r.kind() == KeepReason.Kind.ANCESTOR_OF);
    }
}
