package org.btrfssendbackup.ops.console;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.btrfssendbackup.core.time.Durations;

/**
 * Times and durations as an operator types them: ISO-8601 ({@code 2024-05-01T02:00:00Z},
 * with an offset, or a UTC date {@code 2024-05-01}), {@code now}, or relative to now
 * ({@code 90s}, {@code 30m}, {@code 2h}, {@code 3d}, {@code 1w}). Durations and ages are the one
 * duration syntax of the config files and the broker ({@link Durations}).
 */
public final class TimeArguments {

    private TimeArguments() {
    }

    /**
     * @param option the option name for the error message, e.g. "--since"
     * @throws IllegalArgumentException naming the option and the accepted forms
     */
    public static Instant instant(String text, Instant now, String option) {
        String value = text == null ? "" : text.strip();
        if (value.equals("now")) {
            return now;
        }
        if (Durations.isDuration(value)) {
            return now.minus(duration(value, option));
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notDateTime) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notDate) {
                throw new IllegalArgumentException(option + ": \"" + text + "\" is not a time (use 2024-05-01T02:00:00Z,"
                        + " 2024-05-01, now, or an age such as 30m, 2h, 3d, 1w)");
            }
        }
    }

    /** {@code 90s}, {@code 30m}, {@code 26h}, {@code 3d}, {@code 1w}: {@link Durations}, named after the option. */
    public static Duration duration(String text, String option) {
        String value = text == null ? "" : text.strip();
        if (!Durations.isDuration(value)) {
            throw new IllegalArgumentException(option + ": \"" + text + "\" is not a duration (use "
                    + Durations.SYNTAX + ")");
        }
        return Durations.parse(value);
    }

    /** A compact age for tables: "42s", "17m", "3h12m", "2d03h". */
    public static String age(Duration age) {
        long seconds = Math.max(0, age.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 86_400) {
            return String.format(java.util.Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format(java.util.Locale.ROOT, "%dd%02dh", seconds / 86_400, seconds % 86_400 / 3600);
    }
}
