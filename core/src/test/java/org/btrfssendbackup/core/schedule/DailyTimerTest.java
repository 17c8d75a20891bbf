package org.btrfssendbackup.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class DailyTimerTest {

    @Test
    void runsAtTheNextOccurrenceAndKeepsGoingAfterAFailure() {
        // Schedules have minute resolution: shift the timer's clock so that it reads hh:mm:59
        // now, schedule the next minute, and the run is one real second away.
        Instant real = Instant.now();
        Instant minuteEnd = real.truncatedTo(ChronoUnit.MINUTES).plusSeconds(59);
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(real, minuteEnd));
        LocalTime nextMinute = LocalTime.ofInstant(minuteEnd, ZoneOffset.UTC).plusSeconds(1);
        DailySchedule schedule = new DailySchedule(nextMinute, ZoneOffset.UTC);
        AtomicInteger runs = new AtomicInteger();
        try (DailyTimer timer = DailyTimer.start(schedule, clock, "test-timer", () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("boom: the timer must survive this");
        })) {
            Instant first = timer.nextRun();
            assertThat(Duration.between(minuteEnd, first)).isBetween(Duration.ZERO, Duration.ofSeconds(2));
            await().atMost(Duration.ofSeconds(20)).until(() -> runs.get() == 1 && !timer.nextRun().equals(first));
            assertThat(Duration.between(first, timer.nextRun())).isEqualTo(Duration.ofDays(1));
        }
    }
}
