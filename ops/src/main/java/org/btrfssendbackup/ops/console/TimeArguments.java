package org.btrfssendbackup.ops.console;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times and durations as an operator types them: ISO-8601 ({@code 2024-05-01T02:00:00Z},
 * with an offset, or a UTC date {@code 2024-05-01}), {@code now}, or relative to now
 * ({@code 90s}, {@code 30m}, {@code 2h}, {@code 3d}, {@code 1w}).
 */
public final class TimeArguments {

    private static final Pattern RELATIVE = Pattern.compile("(\\d{1,9})([smhdw])");

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
        if (RELATIVE.matcher(value).matches()) {
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

    /** {@code 90s}, {@code 30m}, {@code 26h}, {@code 3d}, {@code 1w}, or ISO-8601 {@code PT26H}. */
    public static Duration duration(String text, String option) {
        String value = text == null ? "" : text.strip();
        Matcher matcher = RELATIVE.matcher(value);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofDays(7 * amount);
            };
        }
        try {
            Duration parsed = Duration.parse(value);
            if (!parsed.isNegative()) {
                return parsed;
            }
        } catch (DateTimeParseException ignored) {
            // reported below with the accepted forms
        }
        throw new IllegalArgumentException(option + ": \"" + text + "\" is not a duration (use 90s, 30m, 26h, 3d, 1w or PT26H)");
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
