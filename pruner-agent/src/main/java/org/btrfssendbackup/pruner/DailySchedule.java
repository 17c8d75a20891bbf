package org.btrfssendbackup.pruner;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * When the service prunes on its own: once a day at a wall-clock time in a zone. The default
 * is the seed's cron time, 04:17 local time, after the nightly upload at 02:05.
 */
public record DailySchedule(LocalTime at, ZoneId zone) {

    public static final LocalTime SEED_TIME = LocalTime.of(4, 17);

    public DailySchedule {
        Objects.requireNonNull(at, "daily schedule: time");
        Objects.requireNonNull(zone, "daily schedule: zone");
        at = at.truncatedTo(ChronoUnit.MINUTES);
    }

    public static DailySchedule seedDefault() {
        return new DailySchedule(SEED_TIME, ZoneId.systemDefault());
    }

    /** Parses {@code HH:MM} (24-hour) in the system's zone. */
    public static DailySchedule parse(String text) {
        try {
            if (text == null || !text.matches("[0-9]{2}:[0-9]{2}")) {
                throw new DateTimeParseException("not HH:MM", String.valueOf(text), 0);
            }
            return new DailySchedule(LocalTime.parse(text), ZoneId.systemDefault());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("prune schedule '" + text + "' is not a 24-hour time HH:MM", e);
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
