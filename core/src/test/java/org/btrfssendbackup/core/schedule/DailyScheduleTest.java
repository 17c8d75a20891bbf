package org.btrfssendbackup.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DailyScheduleTest {

    @ParameterizedTest(name = "{0} at {1} in {2} -> {3}")
    @CsvSource({
        "2024-05-10T01:00:00Z, 04:17, UTC, 2024-05-10T04:17:00Z",
        "2024-05-10T04:17:00Z, 04:17, UTC, 2024-05-11T04:17:00Z",
        "2024-05-10T04:16:59Z, 04:17, UTC, 2024-05-10T04:17:00Z",
        "2024-12-31T23:00:00Z, 04:17, UTC, 2025-01-01T04:17:00Z",
        // Berlin: 04:17 local is 02:17Z in summer, 03:17Z in winter
        "2024-07-01T00:00:00Z, 04:17, Europe/Berlin, 2024-07-01T02:17:00Z",
        "2024-01-01T05:00:00Z, 04:17, Europe/Berlin, 2024-01-02T03:17:00Z",
        // spring forward: 02:30 does not exist on 2024-03-31 and moves to 03:30 CEST
        "2024-03-30T23:00:00Z, 02:30, Europe/Berlin, 2024-03-31T01:30:00Z",
        // fall back: 02:30 happens twice on 2024-10-27; the earlier one (CEST) runs
        "2024-10-26T23:00:00Z, 02:30, Europe/Berlin, 2024-10-27T00:30:00Z",
    })
    void nextRun(String now, String at, String zone, String expected) {
        DailySchedule schedule = new DailySchedule(LocalTime.parse(at), ZoneId.of(zone));
        assertThat(schedule.nextAfter(Instant.parse(now))).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"25:00", "4:17", "04:60", "0417", "", "04:17:00"})
    void invalidTimesAreRefused(String text) {
        assertThatThrownBy(() -> DailySchedule.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HH:MM");
    }

    @Test
    void theDefaultIsTheSeedsCronTime() {
        assertThat(DailySchedule.localTime(LocalTime.of(4, 17)).zone()).isEqualTo(ZoneId.systemDefault());
        assertThat(DailySchedule.parse("04:17").at()).isEqualTo(DailySchedule.SEED_PRUNE_TIME);
    }
}
