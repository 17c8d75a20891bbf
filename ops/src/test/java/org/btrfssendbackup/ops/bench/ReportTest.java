package org.btrfssendbackup.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportTest {

    private static final long STREAM = 1_000_000_000L;

    /** wall seconds of seed, tuned and ours; stored bytes of seed and ours; heap peak MiB. */
    @ParameterizedTest
    @CsvSource({
            "20, 6, 5, 700, 660, 30, true, true, true, true",
            "20, 5, 5.1, 700, 660, 30, false, false, true, true",
            "20, 4, 5, 700, 660, 30, true, false, true, true",
            "20, 6, 5, 700, 701, 30, true, true, false, true",
            "20, 6, 5, 700, 700, 65, true, true, true, false"})
    void verdictsFollowTheTargets(double seedWall, double tunedWall, double oursWall, long seedStored, long oursStored,
                                  long heapMib, boolean seedMet, boolean tunedMet, boolean storedMet, boolean heapMet) {
        Report report = report(seedWall, tunedWall, oursWall, seedStored, oursStored, heapMib);
        assertThat(report.meetsSeedTarget()).isEqualTo(seedMet);
        assertThat(report.meetsTunedTarget()).isEqualTo(tunedMet);
        assertThat(report.meetsStoredTarget()).isEqualTo(storedMet);
        assertThat(report.meetsHeapTarget()).isEqualTo(heapMet);
    }

    @org.junit.jupiter.api.Test
    void printsOneRowPerVariantAndOneVerdictPerTarget() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report(20, 6, 5, 700, 660, 30).print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("seed", "tuned", "ours", "limit", "durable", "service")
                .contains("ours vs tuned, durable: 1.40x")
                .contains("service (second send in one JVM): 5.00x the seed, 1.50x tuned, 1.75x tuned durable")
                .contains("MET     ours vs seed throughput 4.00x")
                .contains("MET     ours vs tuned throughput 1.20x")
                .contains("MET     ours vs seed stored bytes 0.943")
                .contains("200.0"); // ours: 1 GB in 5 s
        assertThat(text.lines().filter(l -> l.startsWith("MET") || l.startsWith("MISSED")).count()).isEqualTo(4);
    }

    @org.junit.jupiter.api.Test
    void theMedianOfRoundsTakesEachVariantsMiddleWallTime() {
        Report median = Report.medianOf(List.of(report(20, 6, 5, 700, 660, 30), report(30, 9, 4, 700, 660, 50),
                report(25, 7, 6, 700, 660, 40)));
        assertThat(median.seed().wallSeconds()).isEqualTo(25);
        assertThat(median.tuned().wallSeconds()).isEqualTo(7);
        assertThat(median.ours().wallSeconds()).isEqualTo(5);
        assertThat(median.heap().peakUsedBytes()).isEqualTo(50L << 20);
        assertThat(Report.medianOf(List.of(report(20, 6, 5, 700, 660, 30), report(30, 9, 4, 700, 660, 30)))
                .ours().wallSeconds()).as("lower middle of two").isEqualTo(4);
    }

    private static Report report(double seedWall, double tunedWall, double oursWall, long seedStored, long oursStored,
                                 long heapMib) {
        return new Report(STREAM, m("limit", 1.4, OptionalLong.empty()), m("seed", seedWall, OptionalLong.of(seedStored)),
                m("tuned", tunedWall, OptionalLong.of(640)), m("durable", 7, OptionalLong.of(640)),
                m("ours", oursWall, OptionalLong.of(oursStored)), m("service", 4, OptionalLong.of(oursStored)),
                new Report.HeapFigures(64L << 20, heapMib << 20, 12));
    }

    private static Measurement m(String name, double wallSeconds, OptionalLong stored) {
        return new Measurement(name, (long) (wallSeconds * 1e9), 1_000_000_000L, 500_000_000L, stored);
    }

    @org.junit.jupiter.api.Test
    void roundByRoundRatiosKeepTheirOrderAndTakeTheirOwnMedian() {
        // ours/tuned per round: 6/5 = 1.20, 9/10 = 0.90, 7/7 = 1.00, 8/10 = 0.80
        List<Report> rounds = List.of(report(20, 6, 5, 700, 660, 30), report(20, 9, 10, 700, 660, 30),
                report(20, 7, 7, 700, 660, 30), report(20, 8, 10, 700, 660, 30));
        assertThat(Report.tunedSpeedupPerRound(rounds))
                .isEqualTo("ours vs tuned, round by round: 1.20 0.90 1.00 0.80 (median 0.950x, lowest 0.80, highest 1.20)");
        assertThat(Report.tunedSpeedupPerRound(rounds.subList(0, 3))).endsWith("(median 1.000x, lowest 0.90, highest 1.20)");
    }
}
