package org.btrfssendbackup.ops.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeArgumentsTest {

    private static final Instant NOW = Instant.parse("2024-05-02T12:00:00Z");

    @ParameterizedTest
    @CsvSource({
            "2024-05-01T02:00:00Z,      2024-05-01T02:00:00Z",
            "2024-05-01T04:00:00+02:00, 2024-05-01T02:00:00Z",
            "2024-05-01,                2024-05-01T00:00:00Z",
            "now,                       2024-05-02T12:00:00Z",
            "90s,                       2024-05-02T11:58:30Z",
            "30m,                       2024-05-02T11:30:00Z",
            "2h,                        2024-05-02T10:00:00Z",
            "3d,                        2024-04-29T12:00:00Z",
            "1w,                        2024-04-25T12:00:00Z",
    })
    void instantsAreIsoOrRelativeToNow(String text, Instant expected) {
        assertThat(TimeArguments.instant(text, NOW, "--since")).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2h ago", "-2h", "2024-13-01", "5y"})
    void anythingElseIsRefusedNamingTheOption(String text) {
        assertThatThrownBy(() -> TimeArguments.instant(text, NOW, "--since"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--since: \"" + text + "\" is not a time");
    }

    @ParameterizedTest
    @CsvSource({"26h, PT26H", "90m, PT1H30M", "3d, PT72H", "7d, PT168H", "1w, PT168H", "45s, PT45S", "500ms, PT0.5S"})
    void durations(String text, Duration expected) {
        assertThat(TimeArguments.duration(text, "--max-age")).isEqualTo(expected);
    }

    @Test
    void negativeOrMalformedDurationsAreRefused() {
        assertThatThrownBy(() -> TimeArguments.duration("-PT1H", "--max-age")).hasMessageContaining("--max-age");
        assertThatThrownBy(() -> TimeArguments.duration("a day", "--max-age")).hasMessageContaining("not a duration");
    }

    /** One duration syntax for every option: ISO-8601 (PT26H) and bare numbers are refused like in a config file. */
    @ParameterizedTest
    @ValueSource(strings = {"PT26H", "P1D", "26", "26H", "1y"})
    void onlyTheOneDurationSyntaxIsAccepted(String text) {
        assertThatThrownBy(() -> TimeArguments.duration(text, "--max-age"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--max-age: \"" + text + "\" is not a duration (use a whole number with a unit us, ms, s, m, h,"
                        + " d or w (e.g. 30m, 26h, 7d))");
    }

    @ParameterizedTest
    @CsvSource({"PT42S, 42s", "PT17M5S, 17m", "PT3H12M, 3h12m", "PT51H, 2d03h", "PT0S, 0s"})
    void agesAreCompact(Duration age, String expected) {
        assertThat(TimeArguments.age(age)).isEqualTo(expected);
    }
}
