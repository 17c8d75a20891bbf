package org.btrfssendbackup.core.schedule;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Once a day at a wall-clock time in a zone, as the seed's cron lines run: the producer's
 * backup (BACKUP_SCHEDULE, default 02:05) and the pruner's pass (default 04:17, after the
 * nightly upload). {@link DailyTimer} runs an action on it.
 */
public record DailySchedule(LocalTime at, ZoneId zone) {

    /** The seed's prune cron time (17 4 * * *). */
    public static final LocalTime SEED_PRUNE_TIME = LocalTime.of(4, 17);

    public DailySchedule {
        Objects.requireNonNull(at, "daily schedule: time");
        Objects.requireNonNull(zone, "daily schedule: zone");
        at = at.truncatedTo(ChronoUnit.MINUTES);
    }

    /** {@code at} in the system's zone, as cron reads its times. */
    public static DailySchedule localTime(LocalTime at) {
        return new DailySchedule(at, ZoneId.systemDefault());
    }

    /** Parses {@code HH:MM} (24-hour) in the system's zone. */
    public static DailySchedule parse(String text) {
        try {
            if (text == null || !text.matches("[0-9]{2}:[0-9]{2}")) {
                throw new DateTimeParseException("not HH:MM", String.valueOf(text), 0);
            }
            return new DailySchedule(LocalTime.parse(text), ZoneId.systemDefault());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("schedule '" + text + "' is not a 24-hour time HH:MM", e);
        }
    }

    /**
     * The first run strictly after {@code now}. On a daylight-saving day a time that does not
     * exist moves forward by the gap, and a repeated one runs once (the earlier occurrence).
     */
    public Instant nextAfter(Instant now) {
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime candidate = ZonedDateTime.of(local.toLocalDate(), at, zone);
        if (!candidate.toInstant().isAfter(now)) {
            candidate = ZonedDateTime.of(local.toLocalDate().plusDays(1), at, zone);
        }
        return candidate.toInstant();
    }

    @Override
    public String toString() {
        return at + " " + zone;
    }
}
