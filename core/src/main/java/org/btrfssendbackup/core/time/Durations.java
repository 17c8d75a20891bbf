package org.btrfssendbackup.core.time;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of every config key, broker setting and command-line option: a whole
 * number and a unit, {@code 30m}, {@code 26h}, {@code 7d}. Config files, the broker's settings
 * and the console's time arguments all delegate here, so a value means the same everywhere.
 *
 * <p>The units are the union of what the three former grammars read ({@code us} and {@code ms}
 * for the broker's journal buffer timeout, {@code w} for console ages), so every value with a
 * unit that was accepted before still reads the same. A bare number is refused: it meant
 * seconds to the broker and nothing to the config files, and a unit-less "26" is too easy to
 * mean in hours.
 */
public final class Durations {

    /** How the accepted forms are described in error messages ("must be " + SYNTAX). */
    public static final String SYNTAX = "a whole number with a unit us, ms, s, m, h, d or w (e.g. 30m, 26h, 7d)";

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(us|ms|s|m|h|d|w)");

    private Durations() {
    }

    /**
     * @throws IllegalArgumentException "'TEXT' is not SYNTAX"; callers prefix the key or option
     */
    public static Duration parse(String text) {
        Matcher m = text == null ? null : DURATION.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + printable(text) + "' is not " + SYNTAX);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "us" -> Duration.ofNanos(n * 1000L);
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    /** True when {@link #parse} accepts the text. */
    public static boolean isDuration(String text) {
        return text != null && DURATION.matcher(text).matches();
    }

    /**
     * Renders a duration so that {@link #parse} reads it back, in the largest exact unit up to
     * hours (config check prints "24h", not "1d", as it always has); zero is "0s", the way a
     * setting that turns a wait off (BROKER_FORWARD_WAIT=0s) is written.
     */
    public static String format(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative duration " + d + " has no syntax");
        }
        long s = d.getSeconds();
        int nanos = d.getNano();
        if (nanos != 0) {
            long micros = Math.addExact(Math.multiplyExact(s, 1_000_000L), nanos / 1000);
            return micros % 1000 == 0 ? micros / 1000 + "ms" : micros + "us";
        }
        if (s == 0) {
            return "0s";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    /** Never echoes unbounded or control-character input back into an error message. */
    private static String printable(String text) {
        if (text == null) {
            return "";
        }
        String shortened = text.length() > 40 ? text.substring(0, 37) + "..." : text;
        return shortened.replaceAll("\\p{Cntrl}", "?");
    }
}
