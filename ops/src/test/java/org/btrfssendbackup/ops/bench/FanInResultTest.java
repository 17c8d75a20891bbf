package org.btrfssendbackup.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FanInResultTest {

    private static final long T0 = 1_000_000_000L;

    @Test
    void everyEventOnceIsExactlyOnceAndTheRateRunsFromFirstPublishToLastArrival() {
        FanInResult result = FanInResult.of("burst", 2, Set.of("a", "b", "c", "d"), T0, T0 + 500_000,
                arrivals(Map.of("a", 1, "b", 1, "c", 1, "d", 1), T0 + 2_000_000, 1_000, 2_000, 3_000, 4_000));

        assertThat(result.exactlyOnce()).isTrue();
        assertThat(result.eventsPerSecond()).isEqualTo(2.0);
        assertThat(result.publishedPerSecond()).as("published within half a second").isEqualTo(8.0);
        assertThat(result.p50Millis()).isEqualTo(2.0);
        assertThat(result.p99Millis()).isEqualTo(4.0);
        assertThat(result.maxMillis()).isEqualTo(4.0);
    }

    @Test
    void aMissingATwiceAndAForeignIdEachBreakExactlyOnce() {
        FanInResult missing = FanInResult.of("steady", 1, Set.of("a", "b"), T0, T0 + 500_000,
                arrivals(Map.of("a", 1), T0 + 1_000_000, 500));
        FanInResult twice = FanInResult.of("steady", 1, Set.of("a"), T0, T0 + 500_000,
                arrivals(Map.of("a", 2), T0 + 1_000_000, 500, 600));
        FanInResult foreign = FanInResult.of("steady", 1, Set.of("a"), T0, T0 + 500_000,
                arrivals(Map.of("a", 1, "x", 1), T0 + 1_000_000, 500, 600));

        assertThat(missing.missing()).isEqualTo(1);
        assertThat(missing.exactlyOnce()).isFalse();
        assertThat(missing.eventsPerSecond()).as("only what arrived counts").isEqualTo(1.0);
        assertThat(twice.duplicates()).isEqualTo(1);
        assertThat(twice.exactlyOnce()).isFalse();
        assertThat(foreign.unexpected()).isEqualTo(1);
        assertThat(foreign.exactlyOnce()).isFalse();
    }

    @Test
    void theP99IsTheNearestRankNotTheMaximumOnceThereAreAHundredSamples() {
        long[] latencies = new long[200];
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = (latencies.length - i) * 1_000L; // 200 ms down to 1 ms, unsorted
        }
        FanInResult result = FanInResult.of("burst", 1, Set.of("a"), T0, T0 + 500_000,
                arrivals(Map.of("a", 1), T0 + 1, latencies));

        assertThat(result.p99Millis()).isEqualTo(198.0);
        assertThat(result.maxMillis()).isEqualTo(200.0);
        assertThat(result.p50Millis()).isEqualTo(100.0);
    }

    private static AuditWatch.Arrivals arrivals(Map<String, Integer> counts, long lastArrival, long... latencyMicros) {
        return new AuditWatch.Arrivals(counts, latencyMicros, lastArrival, 0, 0);
    }
}
