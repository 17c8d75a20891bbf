package org.btrfssendbackup.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RestoreReportTest {

    private static final long S = 1_000_000_000L;

    private static Measurement m(String name, double wallSeconds) {
        return new Measurement(name, (long) (wallSeconds * S), S, 0, OptionalLong.empty());
    }

    /** Ours: dir, ssh and chain wall seconds; stock: 2 s, 4 s, 3 s. */
    private static RestoreReport report(double dir, double ssh, double chain, double verifySeconds,
                                        RestoreReport.Startup startup) {
        Map<String, Measurement> restores = new LinkedHashMap<>();
        restores.put(RestoreReport.DIR, m("dir", dir));
        restores.put(RestoreReport.STOCK_DIR, m("stock dir", 2));
        restores.put(RestoreReport.SSH, m("ssh", ssh));
        restores.put(RestoreReport.STOCK_SSH, m("stock ssh", 4));
        restores.put(RestoreReport.CHAIN, m("chain", chain));
        restores.put(RestoreReport.STOCK_CHAIN, m("stock chain", 3));
        return new RestoreReport(1_000_000_000L, 700_000_000L, 31, 50_000_000L, restores, m("verify", verifySeconds),
                startup);
    }

    private static final RestoreReport.Startup QUICK = new RestoreReport.Startup(S / 4, S / 10, S / 2, S / 3);

    @Test
    void verdictsJudgeEachTargetAgainstItsStockPipeline() {
        List<String> verdicts = report(2.5, 3.2, 1.0, 0.8, QUICK).verdicts();

        assertThat(verdicts.get(0)).contains("0.80x").endsWith("MISSED");
        assertThat(verdicts.get(1)).contains("1.25x").endsWith("PASS (aim reached)");
        assertThat(verdicts.get(2)).contains("chain of 31 links").contains("3.00x").endsWith("PASS (aim reached)");
        // 700 MB in 0.8 s less the 0.25 s start-up: 1273 MB/s
        assertThat(verdicts.get(3)).contains("1273 MB/s").endsWith("PASS");
        assertThat(verdicts.get(4)).contains("+0.150 s").endsWith("PASS");
        assertThat(verdicts.get(5)).contains("+0.167 s").endsWith("PASS");
    }

    @Test
    void slowVerifyAndSlowStartUpAreMissed() {
        RestoreReport.Startup slow = new RestoreReport.Startup(S / 2, S / 10, S, S / 2);
        List<String> verdicts = report(1.9, 4.0, 3.0, 1.5, slow).verdicts();

        assertThat(verdicts.get(0)).contains("1.05x").endsWith(": PASS");
        assertThat(verdicts.get(1)).contains("1.00x").endsWith(": PASS");
        assertThat(verdicts.get(3)).contains("700 MB/s").endsWith("MISSED");
        assertThat(verdicts.get(4)).contains("+0.400 s").endsWith("MISSED");
        assertThat(verdicts.get(5)).contains("+0.500 s").endsWith("MISSED");
    }

    @Test
    void medianOfRoundsTakesEachVariantsMedianWallTime() {
        RestoreReport median = RestoreReport.medianOf(List.of(report(3, 5, 1, 1, QUICK), report(1, 3, 2, 1, QUICK),
                report(2, 4, 9, 1, QUICK)));

        assertThat(median.restores().get(RestoreReport.DIR).wallSeconds()).isEqualTo(2.0);
        assertThat(median.restores().get(RestoreReport.SSH).wallSeconds()).isEqualTo(4.0);
        assertThat(median.restores().get(RestoreReport.CHAIN).wallSeconds()).isEqualTo(2.0);
    }

    @Test
    void aReportWithoutEveryVariantIsRefused() {
        assertThatThrownBy(() -> new RestoreReport(1, 1, 1, 1, Map.of(RestoreReport.DIR, m("dir", 1)), m("verify", 1),
                QUICK)).hasMessageContaining("variants missing");
    }
}
