package org.btrfssendbackup.ops.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The order the benchmark runs its variants in, per round: the rows of a balanced Latin square
 * (Williams design). Every round runs every variant once, and over as many rounds as there are
 * variants (an even number) each variant follows every other exactly once. On this VM a run's
 * speed depends by a few percent on what ran just before it (memory the host maps again,
 * writeback), so no variant may always follow the same neighbour.
 */
final class VariantOrder {
    static final List<String> ALL = List.of("limit", "seed", "tuned", "durable", "ours", "warm");

    private VariantOrder() {
    }

    /** Round 1 is 0, 1, n-1, 2, n-2, ... of {@code variants}; round r adds r-1 to every index (mod n). */
    static List<String> forRound(List<String> variants, int round) {
        if (round < 1) {
            throw new IllegalArgumentException("rounds count from 1, got " + round);
        }
        int n = variants.size();
        List<String> order = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            int first = j == 0 ? 0 : j % 2 == 1 ? (j + 1) / 2 : n - j / 2;
            order.add(variants.get((first + round - 1) % n));
        }
        return List.copyOf(order);
    }
}
