package org.btrfssendbackup.ops.year;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * When prod-srv backs up during the simulated year: the timer's daily run (02:05 UTC), except
 * on a few random days (host down, broker away) and during one outage of about two weeks; on
 * one day, a few extra runs by hand. Seeded, so a failing year can be replayed.
 *
 * @param days       every day of the year, in order
 * @param runs       every backup run, in order
 * @param outage     the first missed day of the long outage and its length
 * @param extraDay   the day with the extra runs
 */
record YearCalendar(List<LocalDate> days, List<Instant> runs, LocalDate outageStart, int outageDays,
                    LocalDate extraDay, int randomlyMissed) {

    static final LocalTime TIMER = LocalTime.of(2, 5);
    static final List<LocalTime> EXTRA_RUNS = List.of(LocalTime.of(9, 41, 7), LocalTime.of(13, 2, 30),
            LocalTime.of(22, 59, 59));

    YearCalendar {
        days = List.copyOf(days);
        runs = List.copyOf(runs);
    }

    /**
     * @param first the first day (it always has a run: the year starts with a full)
     * @param length number of days
     */
    static YearCalendar plan(LocalDate first, int length, Random random) {
        int outageLength = 13 + random.nextInt(4);
        LocalDate outage = first.plusDays(100 + random.nextInt(length - 160));
        LocalDate extra;
        do {
            extra = first.plusDays(20 + random.nextInt(length - 40));
        } while (!extra.isBefore(outage.minusDays(1)) && extra.isBefore(outage.plusDays(outageLength + 1)));
        List<LocalDate> days = new ArrayList<>();
        List<Instant> runs = new ArrayList<>();
        int missed = 0;
        for (int i = 0; i < length; i++) {
            LocalDate day = first.plusDays(i);
            days.add(day);
            boolean inOutage = !day.isBefore(outage) && day.isBefore(outage.plusDays(outageLength));
            boolean missedAtRandom = i > 0 && !day.equals(extra) && random.nextInt(100) < 4;
            if (inOutage) {
                continue;
            }
            if (missedAtRandom) {
                missed++;
                continue;
            }
            runs.add(day.atTime(TIMER).toInstant(ZoneOffset.UTC));
            if (day.equals(extra)) {
                EXTRA_RUNS.forEach(t -> runs.add(day.atTime(t).toInstant(ZoneOffset.UTC)));
            }
        }
        return new YearCalendar(days, runs, outage, outageLength, extra, missed);
    }

    /** The longest time between two consecutive runs. */
    Duration longestGap() {
        Duration longest = Duration.ZERO;
        for (int i = 1; i < runs.size(); i++) {
            Duration gap = Duration.between(runs.get(i - 1), runs.get(i));
            if (gap.compareTo(longest) > 0) {
                longest = gap;
            }
        }
        return longest;
    }
}
