package org.btrfssendbackup.core.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.btrfssendbackup.core.chain.RestorePoint;

/**
 * Not a test: prints how long planning takes for 12.5k..100k stream files of one set (a full
 * then 30 incrementals, one point an hour, shuffled) and the ratio to n log n. Run through
 * ops/bench/retention-planner.sh. Args: [runs per size] (default 15).
 */
public final class RetentionPlannerBenchmark {

    private static final int[] SIZES = {12_500, 25_000, 50_000, 100_000};
    private static final int INCREMENTALS_PER_FULL = 30;

    private RetentionPlannerBenchmark() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        RetentionPolicy policy = RetentionPolicy.seedDefaults();
        List<RestorePoint> warmUp = history(SIZES[SIZES.length - 1]);
        for (int i = 0; i < 10; i++) {
            consume(RetentionPlanner.plan(warmUp, policy, Set.of(), ChainMode.STREAM_CHAINS));
        }
        // The minimum shows the cost without interference when other processes share the CPU.
        System.out.printf("%-8s %6s %10s %8s %26s%n", "n", "runs", "median ms", "min ms",
                "median/(n log2 n), rel.");
        double baseline = 0;
        for (int n : SIZES) {
            List<RestorePoint> points = history(n);
            long[] nanos = new long[runs];
            for (int r = 0; r < runs; r++) {
                long start = System.nanoTime();
                consume(RetentionPlanner.plan(points, policy, Set.of(), ChainMode.STREAM_CHAINS));
                nanos[r] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            double medianMs = nanos[runs / 2] / 1e6;
            double perNLogN = medianMs / (n * (Math.log(n) / Math.log(2)));
            if (baseline == 0) {
                baseline = perNLogN;
            }
            System.out.printf("%-8d %6d %10.1f %8.1f %26.2f%n", n, runs, medianMs, nanos[0] / 1e6,
                    perNLogN / baseline);
        }
    }

    /** Chains of one full and 30 incrementals, one point an hour, in shuffled order. */
    static List<RestorePoint> history(int n) {
        List<RestorePoint> points = new ArrayList<>(n);
        Instant start = Instant.parse("2000-01-01T02:00:00Z");
        String previous = null;
        for (int i = 0; i < n; i++) {
            Instant time = start.plus(Duration.ofHours(i));
            String name = "rootfs-" + i;
            points.add(i % (INCREMENTALS_PER_FULL + 1) == 0
                    ? RestorePoint.full(name, time)
                    : RestorePoint.incremental(name, time, previous));
            previous = name;
        }
        Collections.shuffle(points, new Random(42));
        return points;
    }

    private static volatile int sink;

    private static void consume(RetentionPlan plan) {
        sink += plan.keep().size() + plan.delete().size();
    }
}
