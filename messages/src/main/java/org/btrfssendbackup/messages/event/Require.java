package org.btrfssendbackup.messages.event;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.Collections;
import java.util.regex.Pattern;

/**
 * Constructor checks shared by the event records. Every failure is an
 * {@link IllegalArgumentException} whose message starts with "Record.field", so a decoder can
 * tell the operator exactly which field of which event was wrong.
 */
public final class Require {

    /*
     * The name grammars are defined once, in core.layout.NameGrammar. messages must not depend
     * on core, so these two are verbatim copies; NameGrammarCopyTest (broker module, which sees
     * both) fails the build when they differ in text or in the strings they accept.
     */

    /** design.md §4: one to three components of [A-Za-z0-9][A-Za-z0-9._-]* (at most 255 characters) joined by '/'. */
    public static final Pattern BACKUP_SET = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9._-]{0,254}(/[A-Za-z0-9][A-Za-z0-9._-]{0,254}){0,2}");
    /** design.md §5: PREFIX-YYYYmmddTHHMMSSZ, the prefix at most 200 characters. */
    public static final Pattern SNAPSHOT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}-[0-9]{8}T[0-9]{6}Z");
    /** A DNS host name or address as printed by hostname(1). */
    public static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:_-]{0,252}");
    /** Run ids are UUIDs in practice; allow any short token so manual runs can be named. */
    public static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    /** A systemd unit name. */
    public static final Pattern UNIT = Pattern.compile("[A-Za-z0-9:_.@\\\\-]{1,255}");
    /** Lower-case hex SHA-256, as sha256sum prints it. */
    public static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** Free text (reasons, messages) is bounded so one event stays a small message. */
    public static final int MAX_TEXT = 4000;

    private Require() {
    }

    public static <T> T notNull(T value, String field) {
        if (value == null) {
            throw new InvalidFieldException(field, "is required");
        }
        return value;
    }

    public static String notBlank(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException(field, "is required and must not be blank");
        }
        if (value.length() > MAX_TEXT) {
            throw new InvalidFieldException(field, "is longer than " + MAX_TEXT + " characters");
        }
        return value;
    }

    public static String matches(String value, Pattern pattern, String field) {
        notNull(value, field);
        if (!pattern.matcher(value).matches()) {
            throw new InvalidFieldException(field, "\"" + printable(value) + "\" does not match " + pattern.pattern());
        }
        return value;
    }

    /** Like {@link #matches} but null is allowed. */
    public static String matchesOrNull(String value, Pattern pattern, String field) {
        return value == null ? null : matches(value, pattern, field);
    }

    /** An absolute path without NUL or newline (paths end up in single-line logs). */
    public static String absolutePath(String value, String field) {
        notBlank(value, field);
        if (!value.startsWith("/") || value.indexOf('\0') >= 0 || value.indexOf('\n') >= 0) {
            throw new InvalidFieldException(field, "\"" + printable(value) + "\" must be an absolute path on one line");
        }
        return value;
    }

    public static long nonNegative(long value, String field) {
        if (value < 0) {
            throw new InvalidFieldException(field, "must be >= 0, was " + value);
        }
        return value;
    }

    public static int positive(int value, String field) {
        if (value < 1) {
            throw new InvalidFieldException(field, "must be >= 1, was " + value);
        }
        return value;
    }

    /** An immutable copy; null elements are refused. */
    public static <T> List<T> list(List<T> values, String field) {
        notNull(values, field);
        for (T value : values) {
            notNull(value, field + " element");
        }
        return List.copyOf(values);
    }

    /** An immutable, key-sorted copy (sorted so equal maps print identically). */
    public static SortedMap<String, String> sortedMap(Map<String, String> values, String field) {
        notNull(values, field);
        TreeMap<String, String> copy = new TreeMap<>();
        values.forEach((key, value) -> copy.put(notNull(key, field + " key"), notNull(value, field + "[" + key + "]")));
        return Collections.unmodifiableSortedMap(copy);
    }

    /** Bounded text, or null: cuts instead of refusing, because it describes a failure we must not lose. */
    public static String truncated(String value) {
        if (value == null || value.length() <= MAX_TEXT) {
            return value;
        }
        return value.substring(0, MAX_TEXT - 3) + "...";
    }

    /** For error messages: never echo unbounded or control-character input back. */
    static String printable(String value) {
        String shortened = value.length() > 80 ? value.substring(0, 77) + "..." : value;
        return shortened.replaceAll("\\p{Cntrl}", "?");
    }
}
