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
 * <p>Rules (design.md section 6):
 * <ul>
 * <li>LATEST: the newest point is always kept.</li>
 * <li>LATEST_RESTORABLE, {@link ChainMode#STREAM_CHAINS} only: when the latest is an orphan,
 *     also the newest point whose chain is whole, so a broken upload never leaves the set
 *     without a restorable recent point.</li>
 * <li>DAILY/WEEKLY/MONTHLY: the newest point of each of the N most recent UTC days, ISO weeks
 *     (week-based year) and calendar months <em>that contain a point</em>; gaps do not use up
 *     the count.</li>
 * <li>PROTECTED: named by the caller (the parent of the next incremental, a point being sent);
 *     names not in the input are ignored.</li>
 * <li>ANCESTOR_OF(x), {@link ChainMode#STREAM_CHAINS} only: every stored ancestor a kept point
 *     needs, up to its full; x is the newest kept point that needs it.</li>
 * <li>ORPHAN_CHAIN: a kept point whose chain cannot reach a full (parent not stored, or a
 *     cycle). It is not restorable, but we never delete because data is missing: an orphan
 *     the policy (or protection) selects is kept with its stored ancestors and flagged; one it
 *     does not select is deleted like any other. Every orphan is listed in
 *     {@link RetentionPlan#orphans()} so callers can warn.</li>
 * </ul>
 * Ties: points are ordered by time, then name; of two points at the same instant the greater
 * name counts as newer. Two points with the same name are refused (a name identifies a stream).
 * Cost: one sort, then linear passes (each ancestor is walked once), so O(n log n).
 */
public final class RetentionPlanner {

    private RetentionPlanner() {
    }

    /**
     * @param points         every stream file or snapshot of ONE backup set, in any order
     * @param policy         the KEEP_* (or LOCAL_KEEP_*) counts
     * @param protectedNames names that must survive (may name points not in the set)
     * @param mode           {@link ChainMode#STREAM_CHAINS} for stream files,
     *                       {@link ChainMode#INDEPENDENT_SNAPSHOTS} for snapshots on disk
     * @throws IllegalArgumentException when two points share a name
     */
    public static RetentionPlan plan(Collection<RestorePoint> points, RetentionPolicy policy,
                                     Set<String> protectedNames, ChainMode mode) {
        Objects.requireNonNull(policy, "plan retention: policy");
        Objects.requireNonNull(protectedNames, "plan retention: protected names");
        Objects.requireNonNull(mode, "plan retention: chain mode");
        RestorePoint[] sorted = points.toArray(RestorePoint[]::new);
        Arrays.sort(sorted, RestorePoint.BY_TIME);
        Map<String, Integer> indexByName = indexByName(sorted);
        if (sorted.length == 0) {
            return new RetentionPlan(List.of(), List.of(), List.of());
        }
        Reasons reasons = new Reasons(sorted.length);

        reasons.add(sorted.length - 1, KeepReason.latest());
        LocalDate[] days = utcDays(sorted);
        selectNewestPerPeriod(days, CalendarPeriod.DAY, policy.keepDaily(), reasons);
        selectNewestPerPeriod(days, CalendarPeriod.WEEK, policy.keepWeekly(), reasons);
        selectNewestPerPeriod(days, CalendarPeriod.MONTH, policy.keepMonthly(), reasons);
        for (String name : protectedNames) {
            Integer index = indexByName.get(name);
            if (index != null) {
                reasons.add(index, KeepReason.protectedPoint());
            }
        }

        boolean[] orphan = new boolean[sorted.length];
        if (mode == ChainMode.STREAM_CHAINS) {
            int[] parent = parentIndexes(sorted, indexByName);
            orphan = ChainHealth.orphans(sorted, parent);
            keepLatestRestorable(orphan, reasons);
            keepAncestors(sorted, parent, reasons);
            for (int i = 0; i < sorted.length; i++) {
                if (orphan[i] && reasons.isKept(i)) {
                    reasons.add(i, KeepReason.orphanChain());
                }
            }
        }
        return assemble(sorted, reasons, orphan);
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

    /** Walks newest to oldest: the first point met in a period is that period's newest. */
    private static void selectNewestPerPeriod(LocalDate[] days, CalendarPeriod period, int count,
                                              Reasons reasons) {
        int periodsSeen = 0;
        long previousKey = Long.MIN_VALUE;
        for (int i = days.length - 1; i >= 0 && periodsSeen < count; i--) {
            long key = period.key(days[i]);
            if (key != previousKey) {
                previousKey = key;
                periodsSeen++;
                reasons.add(i, period.reason(days[i]));
            }
        }
    }

    private static void keepLatestRestorable(boolean[] orphan, Reasons reasons) {
        int latest = orphan.length - 1;
        if (!orphan[latest]) {
            return;
        }
        for (int i = latest - 1; i >= 0; i--) {
            if (!orphan[i]) {
                reasons.add(i, KeepReason.latestRestorable());
                return;
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

    private static RetentionPlan assemble(RestorePoint[] sorted, Reasons reasons, boolean[] orphan) {
        List<KeptPoint> keep = new ArrayList<>();
        List<RestorePoint> delete = new ArrayList<>();
        List<RestorePoint> orphans = new ArrayList<>();
        for (int i = 0; i < sorted.length; i++) {
            if (reasons.isKept(i)) {
                keep.add(new KeptPoint(sorted[i], reasons.of(i)));
            } else {
                delete.add(sorted[i]);
            }
            if (orphan[i]) {
                orphans.add(sorted[i]);
            }
        }
        return new RetentionPlan(keep, delete, orphans);
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
