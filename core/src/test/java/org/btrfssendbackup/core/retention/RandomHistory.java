package org.btrfssendbackup.core.retention;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.btrfssendbackup.core.chain.RestorePoint;

/**
 * A random backup set over about two years: runs at random gaps (same instant, same day, or
 * days to weeks apart), random fulls, incrementals on a recent point, now and then a point lost
 * from storage (which breaks chains) and, for stream chains, now and then a stored point that is
 * damaged (failed its check, no manifest), plus a random policy and protected names.
 */
record RandomHistory(List<RestorePoint> points, RetentionPolicy policy, Set<String> protectedNames,
                     ChainMode mode, Map<String, String> damaged) {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    record Run(long gapSeconds, boolean full, int parentBack, boolean lost, boolean protect, boolean damaged) {
    }

    static Arbitrary<RandomHistory> histories() {
        Arbitrary<Long> gaps = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0L)),
                Tuple.of(3, Arbitraries.longs().between(1, 86_400)),
                Tuple.of(6, Arbitraries.longs().between(86_400, 20L * 86_400)));
        Arbitrary<Run> runs = Combinators.combine(gaps,
                Arbitraries.integers().between(0, 9).map(n -> n == 0),
                Arbitraries.integers().between(1, 4).map(n -> n <= 3 ? 1 : 2),
                Arbitraries.integers().between(0, 29).map(n -> n == 0),
                Arbitraries.integers().between(0, 19).map(n -> n == 0),
                Arbitraries.integers().between(0, 24).map(n -> n == 0)).as(Run::new);
        Arbitrary<RetentionPolicy> policies = Combinators.combine(
                Arbitraries.integers().between(0, 10), Arbitraries.integers().between(0, 8),
                Arbitraries.integers().between(0, 14)).as(RetentionPolicy::new);
        return Combinators.combine(runs.list().ofMinSize(1).ofMaxSize(150), policies,
                Arbitraries.of(ChainMode.class)).as(RandomHistory::build);
    }

    private static RandomHistory build(List<Run> runs, RetentionPolicy policy, ChainMode mode) {
        List<RestorePoint> created = new ArrayList<>();
        List<RestorePoint> stored = new ArrayList<>();
        Set<String> protectedNames = new HashSet<>(Set.of("never-stored"));
        Map<String, String> damaged = new HashMap<>();
        Instant time = START;
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            time = time.plusSeconds(run.gapSeconds());
            String name = "s" + i;
            int parentIndex = created.size() - run.parentBack();
            RestorePoint point = run.full() || parentIndex < 0
                    ? RestorePoint.full(name, time)
                    : RestorePoint.incremental(name, time, created.get(parentIndex).name());
            created.add(point);
            if (!run.lost() || i == runs.size() - 1) { // never an empty set
                stored.add(point);
            }
            if (run.protect()) {
                protectedNames.add(name);
            }
            if (run.damaged() && mode == ChainMode.STREAM_CHAINS && stored.contains(point)) {
                damaged.put(name, "sha256 mismatch");
            }
        }
        return new RandomHistory(List.copyOf(stored), policy, Set.copyOf(protectedNames), mode, Map.copyOf(damaged));
    }

    RetentionPlan plan() {
        return RetentionPlanner.plan(points, policy, protectedNames, mode, damaged);
    }
}
