package org.btrfssendbackup.core.retention;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.btrfssendbackup.core.chain.RestorePoint;

/**
 * The one retention planner for stream files (pruner), local snapshots (producer) and
 * received snapshots (prune-received). Pure: no I/O and no clock; periods are counted from
 * the points themselves.
 *
 * <p>Integrity first (design.md section 6). In {@link ChainMode#STREAM_CHAINS} a point is
 * <em>restorable</em> when following stored parents reaches a full and no link on the way is
 * damaged (failed its last check, no manifest: the caller names those). Only restorable points
 * take part in the policy, so a broken chain never displaces one that restores.
 *
 * <p>Rules:
 * <ul>
 * <li>LATEST: the newest restorable point (for snapshots on disk: the newest snapshot).</li>
 * <li>DAILY/WEEKLY/MONTHLY: the newest restorable point of each of the N most recent UTC days,
 *     ISO weeks (week-based year) and calendar months <em>that contain a restorable point</em>;
 *     gaps and broken points do not use up the count.</li>
 * <li>PROTECTED: named by the caller (the parent of the next incremental, a point being sent);
 *     names not in the input are ignored.</li>
 * <li>BROKEN_CHAIN, {@link ChainMode#STREAM_CHAINS} only: every point that is not restorable.
 *     Never deleted automatically: it is kept, listed in {@link RetentionPlan#unrestorable()}
 *     with its cause, and left for an operator's decision.</li>
 * <li>ANCESTOR_OF(x), {@link ChainMode#STREAM_CHAINS} only: every stored ancestor a kept point
 *     needs, up to its full (broken points keep theirs too); x is the newest kept point that
 *     needs it.</li>
 * </ul>
 * Hence: the newest restorable point and its whole chain are always kept, and nothing is
 * deleted that a broken chain stands on.
 *
 * <p>Ties: points are ordered by time, then name; of two points at the same instant the greater
 * name counts as newer. Two points with the same name are refused (a name identifies a stream).
 * Cost: one sort, then linear passes (each ancestor is walked once), so O(n log n).
 */
public final class RetentionPlanner {

    private RetentionPlanner() {
    }

    /** As {@link #plan(Collection, RetentionPolicy, Set, ChainMode, Map)} with no damaged links. */
    public static RetentionPlan plan(Collection<RestorePoint> points, RetentionPolicy policy,
                                     Set<String> protectedNames, ChainMode mode) {
        return plan(points, policy, protectedNames, mode, Map.of());
    }

    /**
     * @param points         every stream file or snapshot of ONE backup set, in any order
     * @param policy         the KEEP_* (or LOCAL_KEEP_*) counts
     * @param protectedNames names that must survive (may name points not in the set)
     * @param mode           {@link ChainMode#STREAM_CHAINS} for stream files,
     *                       {@link ChainMode#INDEPENDENT_SNAPSHOTS} for snapshots on disk
     * @param damaged        names of stored points that cannot serve as a link, with why (a
     *                       failed integrity check, no manifest); stream chains only
     * @throws IllegalArgumentException when two points share a name, or damaged links are
     *                                  named for snapshots on disk
     */
    public static RetentionPlan plan(Collection<RestorePoint> points, RetentionPolicy policy,
                                     Set<String> protectedNames, ChainMode mode, Map<String, String> damaged) {
        Objects.requireNonNull(policy, "plan retention: policy");
        Objects.requireNonNull(protectedNames, "plan retention: protected names");
        Objects.requireNonNull(mode, "plan retention: chain mode");
        Objects.requireNonNull(damaged, "plan retention: damaged links");
        if (mode == ChainMode.INDEPENDENT_SNAPSHOTS && !damaged.isEmpty()) {
            throw new IllegalArgumentException("plan retention: snapshots on disk have no damaged links, got "
                    + damaged.keySet());
        }
        RestorePoint[] sorted = points.toArray(RestorePoint[]::new);
        Arrays.sort(sorted, RestorePoint.BY_TIME);
        Map<String, Integer> indexByName = indexByName(sorted);
        if (sorted.length == 0) {
            return new RetentionPlan(List.of(), List.of(), List.of());
        }
        Reasons reasons = new Reasons(sorted.length);
        String[] broken = new String[sorted.length];
        int[] parent = null;
        if (mode == ChainMode.STREAM_CHAINS) {
            parent = parentIndexes(sorted, indexByName);
            broken = ChainHealth.brokenCauses(sorted, parent, damaged);
        }

        int[] restorable = restorableIndexes(broken);
        if (restorable.length > 0) {
            reasons.add(restorable[restorable.length - 1], KeepReason.latest());
        }
        LocalDate[] days = utcDays(sorted);
        selectNewestPerPeriod(days, restorable, CalendarPeriod.DAY, policy.keepDaily(), reasons);
        selectNewestPerPeriod(days, restorable, CalendarPeriod.WEEK, policy.keepWeekly(), reasons);
        selectNewestPerPeriod(days, restorable, CalendarPeriod.MONTH, policy.keepMonthly(), reasons);
        for (String name : protectedNames) {
            Integer index = indexByName.get(name);
            if (index != null) {
                reasons.add(index, KeepReason.protectedPoint());
            }
        }
        if (mode == ChainMode.STREAM_CHAINS) {
            for (int i = 0; i < sorted.length; i++) {
                if (broken[i] != null) {
                    reasons.add(i, KeepReason.brokenChain());
                }
            }
            keepAncestors(sorted, parent, reasons);
        }
        return assemble(sorted, reasons, broken);
    }

    private static int[] restorableIndexes(String[] broken) {
        int count = 0;
        for (String cause : broken) {
            count += cause == null ? 1 : 0;
        }
        int[] indexes = new int[count];
        for (int i = 0, k = 0; i < broken.length; i++) {
            if (broken[i] == null) {
                indexes[k++] = i;
            }
        }
        return indexes;
    }

    private static Map<String, Integer> indexByName(RestorePoint[] sorted) {
        Map<String, Integer> byName = new HashMap<>(sorted.length * 2);
        for (int i = 0; i < sorted.length; i++) {
            if (byName.putIfAbsent(sorted[i].name(), i) != null) {
                throw new IllegalArgumentException(
                        "plan retention: the name " + sorted[i].name() + " occurs twice in the set");
            }
        }
        return byName;
    }

    private static LocalDate[] utcDays(RestorePoint[] sorted) {
        LocalDate[] days = new LocalDate[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            days[i] = LocalDate.ofInstant(sorted[i].time(), ZoneOffset.UTC);
        }
        return days;
    }

    /**
     * Walks the candidates (sorted indexes) newest to oldest: the first one met in a period is
     * that period's newest.
     */
    private static void selectNewestPerPeriod(LocalDate[] days, int[] candidates, CalendarPeriod period, int count,
                                              Reasons reasons) {
        int periodsSeen = 0;
        long previousKey = Long.MIN_VALUE;
        for (int c = candidates.length - 1; c >= 0 && periodsSeen < count; c--) {
            int i = candidates[c];
            long key = period.key(days[i]);
            if (key != previousKey) {
                previousKey = key;
                periodsSeen++;
                reasons.add(i, period.reason(days[i]));
            }
        }
    }

    private static int[] parentIndexes(RestorePoint[] sorted, Map<String, Integer> indexByName) {
        int[] parent = new int[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            parent[i] = sorted[i].isFull() ? -1 : indexByName.getOrDefault(sorted[i].parent(), -1);
        }
        return parent;
    }

    /**
     * Newest kept point first, each walk stops at a point already walked: every point is
     * visited at most once, and ANCESTOR_OF names the newest kept point that needs it.
     */
    private static void keepAncestors(RestorePoint[] sorted, int[] parent, Reasons reasons) {
        boolean[] walked = new boolean[sorted.length];
        for (int i = sorted.length - 1; i >= 0; i--) {
            if (!reasons.isKept(i) || walked[i]) {
                continue;
            }
            walked[i] = true;
            KeepReason reason = KeepReason.ancestorOf(sorted[i].name());
            for (int p = parent[i]; p >= 0 && !walked[p]; p = parent[p]) {
                walked[p] = true;
                reasons.add(p, reason);
            }
        }
    }

    private static RetentionPlan assemble(RestorePoint[] sorted, Reasons reasons, String[] broken) {
        List<KeptPoint> keep = new ArrayList<>();
        List<RestorePoint> delete = new ArrayList<>();
        List<UnrestorablePoint> unrestorable = new ArrayList<>();
        for (int i = 0; i < sorted.length; i++) {
            if (reasons.isKept(i)) {
                keep.add(new KeptPoint(sorted[i], reasons.of(i)));
            } else {
                delete.add(sorted[i]);
            }
            if (broken[i] != null) {
                unrestorable.add(new UnrestorablePoint(sorted[i], broken[i]));
            }
        }
        return new RetentionPlan(keep, delete, unrestorable);
    }

    /** Reasons per sorted index, allocated only for kept points. */
    private static final class Reasons {
        private final List<List<KeepReason>> byIndex;

        Reasons(int size) {
            byIndex = new ArrayList<>(Collections.nCopies(size, null));
        }

        void add(int index, KeepReason reason) {
            List<KeepReason> list = byIndex.get(index);
            if (list == null) {
                list = new ArrayList<>(2);
                byIndex.set(index, list);
            }
            list.add(reason);
        }

        boolean isKept(int index) {
            return byIndex.get(index) != null;
        }

        /** In {@link KeepReason.Kind} order, whatever order the rules ran in. */
        List<KeepReason> of(int index) {
            List<KeepReason> list = byIndex.get(index);
            list.sort(Comparator.comparing(KeepReason::kind));
            return list;
        }
    }
}
