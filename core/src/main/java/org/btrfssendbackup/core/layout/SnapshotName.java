package org.btrfssendbackup.core.layout;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A snapshot name {@code PREFIX-YYYYmmddTHHMMSSZ} (UTC, whole seconds), as the seed creates
 * under SNAPSHOT_DIR and uses as the stem of stored stream files.
 */
public record SnapshotName(String prefix, Instant time) implements Comparable<SnapshotName> {

    /** {@link NameGrammar#SNAPSHOT_PREFIX}: may contain '-' itself (e.g. prod-srv-rootfs), never starts with '.'. */
    public static final Pattern PREFIX = Pattern.compile(NameGrammar.SNAPSHOT_PREFIX);

    private static final Pattern FULL =
            Pattern.compile("(" + NameGrammar.SNAPSHOT_PREFIX + ")-(" + NameGrammar.SNAPSHOT_STAMP + ")");
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withResolverStyle(ResolverStyle.STRICT);

    public SnapshotName {
        Objects.requireNonNull(time, "snapshot time");
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("snapshot prefix '" + NameText.quote(prefix)
                    + "' is not " + PREFIX.pattern());
        }
        if (!time.truncatedTo(ChronoUnit.SECONDS).equals(time)) {
            throw new IllegalArgumentException("snapshot time " + time + " has fractions of a second");
        }
    }

    public static SnapshotName of(String prefix, Instant time) {
        return new SnapshotName(prefix, time);
    }

    /** Parses {@code PREFIX-YYYYmmddTHHMMSSZ}; the date must exist (no month 13, no Feb 30). */
    public static SnapshotName parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("snapshot name: missing");
        }
        Matcher m = FULL.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("snapshot name '" + NameText.quote(text)
                    + "' is not PREFIX-YYYYmmddTHHMMSSZ");
        }
        try {
            Instant time = LocalDateTime.parse(m.group(2), STAMP).toInstant(ZoneOffset.UTC);
            return new SnapshotName(m.group(1), time);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("snapshot name '" + NameText.quote(text)
                    + "': '" + m.group(2) + "' is not a valid UTC time", e);
        }
    }

    public String timestamp() {
        return STAMP.format(LocalDateTime.ofInstant(time, ZoneOffset.UTC));
    }

    public String value() {
        return prefix + "-" + timestamp();
    }

    /** Chronological, then by prefix, so sorting is total and stable. */
    @Override
    public int compareTo(SnapshotName other) {
        int byTime = time.compareTo(other.time);
        return byTime != 0 ? byTime : prefix.compareTo(other.prefix);
    }

    @Override
    public String toString() {
        return value();
    }
}
