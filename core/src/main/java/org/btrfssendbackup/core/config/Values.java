package org.btrfssendbackup.core.config;

import org.btrfssendbackup.core.layout.NameGrammar;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.manifest.Compression;
import org.btrfssendbackup.core.time.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Value parsers; each throws IllegalArgumentException with a reason a human can act on. */
final class Values {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern SCHEDULE = Pattern.compile("([01][0-9]|2[0-3]):([0-5][0-9])");
    private static final Pattern BYTE_SIZE = Pattern.compile("([0-9]{1,15})([KMGT]?)");

    private Values() {
    }

    static Path absolutePath(String v) {
        Path p = Path.of(v);
        if (!p.isAbsolute() || !p.normalize().equals(p)) {
            throw new IllegalArgumentException("must be an absolute path without '.' or '..' components");
        }
        return p;
    }

    /** A path below another directory, e.g. SOURCE_SUBVOL below SOURCE_TOP. */
    static String relativeSubpath(String v) {
        Path p = Path.of(v);
        if (p.isAbsolute() || v.isEmpty() || !p.normalize().equals(p) || p.startsWith("..")) {
            throw new IllegalArgumentException("must be a relative path without '.' or '..' components");
        }
        return v;
    }

    static String name(String v) {
        if (!NAME.matcher(v).matches()) {
            throw new IllegalArgumentException("must match " + NAME.pattern());
        }
        return v;
    }

    /** The one set-name grammar ({@link NameGrammar#BACKUP_SET}, which rules out "." and ".."). */
    static String backupSet(String v) {
        if (!NameGrammar.BACKUP_SET_PATTERN.matcher(v).matches()) {
            throw new IllegalArgumentException("must be one to three components of [A-Za-z0-9][A-Za-z0-9._-]* joined by '/'"
                    + " (at most " + NameGrammar.MAX_SET_COMPONENT_LENGTH + " characters each)");
        }
        return v;
    }

    /**
     * The one snapshot-prefix grammar ({@link NameGrammar#SNAPSHOT_PREFIX}), checked when the config
     * is read, so a prefix too long for the store is refused by config check, not by the first run.
     */
    static String snapshotPrefix(String v) {
        if (!SnapshotName.PREFIX.matcher(v).matches()) {
            throw new IllegalArgumentException("must match [A-Za-z0-9][A-Za-z0-9._-]* with at most "
                    + NameGrammar.MAX_SNAPSHOT_PREFIX_LENGTH + " characters");
        }
        return v;
    }

    static int nonNegativeInt(String v) {
        int n = integer(v);
        if (n < 0) {
            throw new IllegalArgumentException("must not be negative");
        }
        return n;
    }

    static int positiveInt(String v) {
        int n = integer(v);
        if (n < 1) {
            throw new IllegalArgumentException("must be at least 1");
        }
        return n;
    }

    static int intInRange(String v, int min, int max) {
        int n = integer(v);
        if (n < min || n > max) {
            throw new IllegalArgumentException("must be a whole number from " + min + " to " + max);
        }
        return n;
    }

    static int port(String v) {
        int n = integer(v);
        if (n < 1 || n > 65535) {
            throw new IllegalArgumentException("must be a TCP port 1..65535 (or empty for the default)");
        }
        return n;
    }

    private static int integer(String v) {
        if (!v.matches("-?[0-9]{1,9}")) {
            throw new IllegalArgumentException("must be a whole number");
        }
        return Integer.parseInt(v);
    }

    static LocalTime schedule(String v) {
        Matcher m = SCHEDULE.matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException("must be a time of day HH:MM (24-hour)");
        }
        return LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /**
     * The one duration syntax ({@link Durations}); the reader adds file, key and line. Config
     * keys are timeouts and ages that ssh, systemd and the planners take in whole seconds, so a
     * sub-second value (the broker's us/ms) is refused here rather than silently rounded.
     */
    static Duration duration(String v) {
        if (!Durations.isDuration(v)) {
            throw new IllegalArgumentException("must be " + Durations.SYNTAX);
        }
        Duration d = Durations.parse(v);
        if (d.getNano() != 0) {
            throw new IllegalArgumentException("must be whole seconds (a unit s, m, h, d or w)");
        }
        return d;
    }

    /** A byte count with an optional binary unit: 500M, 50G, 2T, or plain bytes. */
    static long byteSize(String v) {
        Matcher m = BYTE_SIZE.matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException("must be a number of bytes, optionally with a unit K, M, G or T (e.g. 50G)");
        }
        int shift = switch (m.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        long n = Long.parseLong(m.group(1));
        if (n <= 0 || Long.numberOfLeadingZeros(n) <= shift) {
            throw new IllegalArgumentException("must be > 0 and below 8 EiB");
        }
        return n << shift;
    }

    /** Renders a byte count the way {@link #byteSize} reads it, in the largest exact unit. */
    static String formatByteSize(long bytes) {
        String[] units = {"", "K", "M", "G", "T"};
        int unit = 0;
        while (unit < units.length - 1 && bytes % 1024 == 0 && bytes != 0) {
            bytes /= 1024;
            unit++;
        }
        return bytes + units[unit];
    }

    static Duration positiveDuration(String v) {
        Duration d = duration(v);
        if (d.isZero()) {
            throw new IllegalArgumentException("must be more than zero (e.g. 6h)");
        }
        return d;
    }

    static String nonBlank(String v) {
        if (v.isBlank()) {
            throw new IllegalArgumentException("must not be blank");
        }
        return v;
    }

    static BackupMode backupMode(String v) {
        return Arrays.stream(BackupMode.values()).filter(m -> m.token().equals(v)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("must be one of " + Arrays.stream(BackupMode.values())
                        .map(BackupMode::token).collect(Collectors.joining(", "))));
    }

    static Compression compression(String v) {
        return Compression.applicable().stream().filter(c -> c.token().equals(v)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("must be one of none, zstd"));
    }

    /** Renders a duration the way {@link #duration} reads it. */
    static String formatDuration(Duration d) {
        return Durations.format(d);
    }
}
