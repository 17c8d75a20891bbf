package org.btrfssendbackup.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FanInReportTest {

    /** events/s of three burst rounds, p99 ms of three steady rounds, MiB held after the load (of 512): the verdicts. */
    @ParameterizedTest
    @CsvSource({
        "600, 400, 900, 20, 300, 30, 100, true, true, true",
        "400, 450, 900, 20, 30, 30, 100, false, true, true",
        "600, 600, 600, 20, 150, 120, 100, true, false, true",
        "600, 600, 600, 20, 30, 30, 257, true, true, false",
        "600, 600, 600, 20, 30, 30, 256, true, true, true",
    })
    void theVerdictsJudgeTheMediansOfTheRoundsAndTheHeldHeap(double b1, double b2, double b3, long s1, long s2, long s3,
                                                              long heldMib, boolean burstMet, boolean steadyMet,
                                                              boolean heapMet) {
        FanInReport report = new FanInReport(50, 1, 900, 100L << 20, 1.0, List.of(burst(b1), burst(b2), burst(b3)),
                List.of(steady(s1), steady(s2), steady(s3)), steady(10),
                new FanInReport.HubHeap(512L << 20, 300L << 20, heldMib << 20, 4, 2000, 100_000));

        assertThat(report.meetsBurstTarget()).isEqualTo(burstMet);
        assertThat(report.meetsSteadyTarget()).isEqualTo(steadyMet);
        assertThat(report.meetsHeapTarget()).isEqualTo(heapMet);
        assertThat(report.exactlyOnce()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"1, 0, 0", "0, 1, 0", "0, 0, 1"})
    void oneRoundThatIsNotExactlyOnceFailsTheVerdict(long missing, long duplicates, long unexpected) {
        FanInResult bad = new FanInResult("steady", 50, 1000, missing, duplicates, unexpected, 0, 1_000_000_000L,
                1_000_000_000L, new long[] {1_000}, 0);
        FanInReport report = new FanInReport(50, 1, 900, 100L << 20, 1.0, List.of(burst(600)), List.of(steady(10)), steady(10),
                new FanInReport.HubHeap(512L << 20, 100L << 20, 50L << 20, 1, 2000, 100_000));
        FanInReport badRound = new FanInReport(50, 1, 900, 100L << 20, 1.0, List.of(burst(600)), List.of(steady(10), bad),
                steady(10), report.heap());
        FanInReport badHeld = new FanInReport(50, 1, 900, 100L << 20, 1.0, List.of(burst(600)), List.of(steady(10)), bad,
                report.heap());

        assertThat(report.exactlyOnce()).isTrue();
        assertThat(badRound.exactlyOnce()).isFalse();
        assertThat(badHeld.exactlyOnce()).isFalse();
    }

    /** Bytes of hub heap per event the audit ring holds: a full ring of 100,000 against half of a 512 MiB heap. */
    @ParameterizedTest
    @CsvSource({"2000, true", "2684, true", "2685, false", "4000, false"})
    void theAuditRingVerdictProjectsAFullRingAgainstHalfTheHeap(double bytesPerEvent, boolean met) {
        FanInReport report = new FanInReport(50, 1, 900, 100L << 20, 1.0, List.of(burst(600)), List.of(steady(10)), steady(10),
                new FanInReport.HubHeap(512L << 20, 100L << 20, 50L << 20, 1, bytesPerEvent, 100_000));

        assertThat(report.meetsAuditRingTarget()).isEqualTo(met);
    }

    /** A burst round of 1,000 events that took 1000/rate seconds. */
    private static FanInResult burst(double eventsPerSecond) {
        return new FanInResult("burst", 50, 1000, 0, 0, 0, 0, (long) (1000 / eventsPerSecond * 1e9),
                1_000_000_000L, new long[] {5_000}, 0);
    }

    /** A steady round whose every latency is {@code p99Millis}. */
    private static FanInResult steady(long p99Millis) {
        return new FanInResult("steady", 50, 100, 0, 0, 0, 0, 10_000_000_000L, 10_000_000_000L,
                new long[] {p99Millis * 1_000}, 0);
    }
}
