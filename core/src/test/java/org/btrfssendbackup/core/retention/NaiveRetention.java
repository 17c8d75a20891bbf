package org.btrfssendbackup.core.retention;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.btrfssendbackup.core.chain.BrokenChainException;
import org.btrfssendbackup.core.chain.RestoreChainPlanner;
import org.btrfssendbackup.core.chain.RestorePoint;

/** A slow, obviously-correct restatement of the rules, as the oracle for the properties. */
final class NaiveRetention {

    private NaiveRetention() {
    }

    /** Points without a restore chain, or with a damaged link anywhere on it. */
    static Set<String> unrestorable(List<RestorePoint> points, Set<String> damaged) {
        Set<String> broken = new HashSet<>();
        for (RestorePoint point : points) {
            try {
                if (RestoreChainPlanner.chainTo(points, point.name()).stream().anyMatch(p -> damaged.contains(p.name()))) {
                    broken.add(point.name());
                }
            } catch (BrokenChainException e) {
                broken.add(point.name());
            }
        }
        return broken;
    }

    static Set<String> expectedKept(RandomHistory h) {
        Set<String> broken = h.mode() == ChainMode.STREAM_CHAINS
                ? unrestorable(h.points(), h.damaged().keySet()) : Set.of();
        List<RestorePoint> restorable = h.points().stream().filter(p -> !broken.contains(p.name())).toList();
        Set<String> selected = new HashSet<>(broken);
        restorable.stream().max(RestorePoint.BY_TIME).ifPresent(latest -> selected.add(latest.name()));
        selected.addAll(newestOfRecentPeriods(restorable, h.policy().keepDaily(), day -> day.toString()));
        selected.addAll(newestOfRecentPeriods(restorable, h.policy().keepWeekly(), day -> String.format("%d-W%02d",
                day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))));
        selected.addAll(newestOfRecentPeriods(restorable, h.policy().keepMonthly(),
                day -> YearMonth.from(day).toString()));
        h.points().stream().map(RestorePoint::name).filter(h.protectedNames()::contains).forEach(selected::add);
        if (h.mode() == ChainMode.INDEPENDENT_SNAPSHOTS) {
            return selected;
        }
        Map<String, RestorePoint> byName = h.points().stream()
                .collect(Collectors.toMap(RestorePoint::name, Function.identity()));
        Set<String> kept = new HashSet<>();
        for (String name : selected) {
            RestorePoint current = byName.get(name);
            while (current != null && kept.add(current.name())) {
                current = current.isFull() ? null : byName.get(current.parent());
            }
        }
        return kept;
    }

    /** Period labels sort in time order (4-digit years), so a TreeMap orders the periods. */
    private static Set<String> newestOfRecentPeriods(List<RestorePoint> points, int count,
                                                     Function<LocalDate, String> label) {
        TreeMap<String, RestorePoint> newestPerPeriod = new TreeMap<>();
        for (RestorePoint point : points) {
            String period = label.apply(LocalDate.ofInstant(point.time(), ZoneOffset.UTC));
            newestPerPeriod.merge(period, point, (a, b) -> RestorePoint.BY_TIME.compare(a, b) >= 0 ? a : b);
        }
        return newestPerPeriod.descendingMap().values().stream().limit(count)
                .map(RestorePoint::name).collect(Collectors.toSet());
    }

}
