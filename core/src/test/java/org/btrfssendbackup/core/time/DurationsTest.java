package org.btrfssendbackup.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    /** Every form the config files, the broker settings and the console accepted before still reads the same. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "0s, PT0S", "30s, PT30S", "90s, PT1M30S", "10m, PT10M", "26h, PT26H", "7d, PT168H", "30d, PT720H",
            "1w, PT168H", "500ms, PT0.5S", "500us, PT0.0005S", "200us, PT0.0002S", "999999999s, PT277777H46M39S",
            "007m, PT7M",
    })
    void accepted(String text, String expected) {
        assertThat(Durations.isDuration(text)).isTrue();
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
    }

    /** Bare numbers (the broker read them as seconds) and ISO-8601 (the console read PT26H) are gone: one syntax. */
    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "10", "PT26H", "-5s", "+5s", "5 s", " 5s", "5s ", "5S", "5M", "5H", "5D", "1y",
            "5sec", "5min", "1h30m", "1.5h", "0x10s", "1000000000s", "s", "5ns", "5µs", "\u0661s"})
    void refused(String text) {
        assertThat(Durations.isDuration(text)).isFalse();
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a whole number with a unit us, ms, s, m, h, d or w");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nul\u0000l", "a-very-long-value-that-goes-on-and-on-and-on-and-on-and-on"})
    void errorNeverEchoesControlCharactersOrLongInput(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .hasMessageNotContaining("\u0000")
                .hasMessageNotContaining("and-on-and-on-and-on-and-on");
    }

    @ParameterizedTest
    @CsvSource({"PT0S, 0s", "PT26H, 26h", "PT168H, 168h", "PT90M, 90m", "PT45S, 45s", "PT0.5S, 500ms", "PT0.0002S, 200us"})
    void formatsInTheLargestExactUnitUpToHours(String duration, String text) {
        assertThat(Durations.format(Duration.parse(duration))).isEqualTo(text);
    }

    @Property
    void formatReadsBack(@ForAll @LongRange(min = 0, max = 999_999_999L) long micros) {
        Duration d = Duration.ofNanos(micros * 1000);
        assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }
}
