package org.btrfssendbackup.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RunHistoryTest {

    private static final Instant T = Instant.parse("2026-12-04T02:05:00Z");
    private static final Duration STALE_AFTER = Duration.ofHours(26);

    static Stream<Arguments> verdicts() {
        RunHistory ok = RunHistory.NONE.succeeded(T, Duration.ofMinutes(3), 100);
        return Stream.of(
                Arguments.of("never ran", RunHistory.NONE, T, SetHealth.STALE),
                Arguments.of("succeeded an hour ago", ok, T.plusSeconds(3600), SetHealth.OK),
                Arguments.of("succeeded exactly 26h ago", ok, T.plus(STALE_AFTER), SetHealth.OK),
                Arguments.of("succeeded 26h and 1s ago", ok, T.plus(STALE_AFTER).plusSeconds(1), SetHealth.STALE),
                Arguments.of("failed after a success", ok.failed(T.plusSeconds(86_400), "ssh: refused"),
                        T.plusSeconds(86_400), SetHealth.FAILING),
                Arguments.of("failing wins over stale", ok.failed(T.plusSeconds(90_000), "x"),
                        T.plusSeconds(200_000), SetHealth.FAILING),
                Arguments.of("failed with no success ever", RunHistory.NONE.failed(T, "x"), T, SetHealth.FAILING),
                Arguments.of("a success after a failure clears it",
                        RunHistory.NONE.failed(T, "x").succeeded(T.plusSeconds(60), Duration.ZERO, 0),
                        T.plusSeconds(60), SetHealth.OK));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verdicts")
    void theVerdictFollowsTheNewestRunAndTheAgeOfTheLastSuccess(String why, RunHistory history, Instant now,
                                                               SetHealth expected) {
        assertThat(history.health(now, STALE_AFTER)).isEqualTo(expected);
    }

    @Test
    void aFailedRunKeepsTheLastSuccessForTheMetrics() {
        RunHistory h = RunHistory.NONE.succeeded(T, Duration.ofSeconds(90), 4096).failed(T.plusSeconds(86_400), "x");
        SetMetrics m = h.metrics("prod-srv", "root", T.plusSeconds(86_400), STALE_AFTER);
        assertThat(m.lastSuccess()).isEqualTo(T);
        assertThat(m.lastRun()).isEqualTo(T.plusSeconds(86_400));
        assertThat(m.lastRunDuration()).isEqualTo(Duration.ofSeconds(90));
        assertThat(m.lastRunBytes()).isEqualTo(4096L);
        assertThat(m.status()).isEqualTo(SetHealth.FAILING);
    }

    @Test
    void theFileFormRoundTripsAndNamesABadKey() {
        RunHistory h = RunHistory.NONE.succeeded(T, Duration.ofMillis(1234), 77).failed(T.plusSeconds(5), "a=b: c")
                .notifiedOf(SetHealth.FAILING);
        assertThat(RunHistory.fromProperties(h.toProperties())).isEqualTo(h);
        assertThat(RunHistory.fromProperties(new Properties())).isEqualTo(RunHistory.NONE);
        Properties bad = h.toProperties();
        bad.setProperty("lastSuccessBytes", "many");
        assertThatThrownBy(() -> RunHistory.fromProperties(bad)).hasMessageStartingWith("lastSuccessBytes=many");
    }
}
