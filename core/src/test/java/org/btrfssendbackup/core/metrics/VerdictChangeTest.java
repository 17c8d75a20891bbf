package org.btrfssendbackup.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VerdictChangeTest {

    @ParameterizedTest(name = "told {0}, now {1}: {2}")
    @CsvSource(nullValues = "-", value = {
            "-,       OK,      -",
            "-,       FAILING, OK>FAILING",
            "OK,      OK,      -",
            "OK,      STALE,   OK>STALE",
            "OK,      FAILING, OK>FAILING",
            "OK,      CORRUPT, OK>CORRUPT",
            "FAILING, FAILING, -",
            "FAILING, STALE,   -",
            "STALE,   FAILING, -",
            "FAILING, OK,      FAILING>OK",
            "STALE,   OK,      STALE>OK"})
    void onlyLeavingOkAndComingBackAreNews(SetHealth told, SetHealth now, String expected) {
        Optional<VerdictChange> change = VerdictChange.between(told, now);
        assertThat(change.map(c -> c.from() + ">" + c.to()).orElse(null)).isEqualTo(expected);
        change.ifPresent(c -> assertThat(c.recovered()).isEqualTo(now == SetHealth.OK));
    }
}
