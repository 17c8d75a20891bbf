package org.btrfssendbackup.producer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** BACKUP_SCHEDULE: the next run is the first later wall-clock time HH:MM, across DST changes too. */
class DailyScheduleTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2026-03-01T01:00:00+01:00[Europe/Berlin], 2026-03-01T02:05+01:00[Europe/Berlin]",
        "2026-03-01T02:05:00+01:00[Europe/Berlin], 2026-03-02T02:05+01:00[Europe/Berlin]",
        "2026-03-01T23:59:59+01:00[Europe/Berlin], 2026-03-02T02:05+01:00[Europe/Berlin]",
        // 2026-03-29 02:05 does not exist in Berlin (clocks jump 02:00 -> 03:00): runs at 03:05
        "2026-03-29T01:00:00+01:00[Europe/Berlin], 2026-03-29T03:05+02:00[Europe/Berlin]",
    })
    void nextRun(String now, String expected) {
        ZonedDateTime next = DailySchedule.nextAfter(ZonedDateTime.parse(now), LocalTime.of(2, 5));
        assertThat(next).isEqualTo(ZonedDateTime.parse(expected));
        assertThat(next.getZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    }
}
