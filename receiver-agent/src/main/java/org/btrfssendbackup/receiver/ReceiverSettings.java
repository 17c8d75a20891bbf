package org.btrfssendbackup.receiver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The receiver's configuration: the seed's /etc/default/btrfs-backup-receive keys plus
 * BACKUP_ROOT and MAX_FUTURE_SKEW.
 *
 * @param maxFutureSkew how far a snapshot's time may be ahead of backup-srv's clock; bounds
 *     how much history a compromised producer could push out by claiming future times
 */
public record ReceiverSettings(Path backupRoot, Duration maxFutureSkew, Optional<Path> luksDevice, String luksName,
        Path luksMount, Path receivedRoot, int keepDaily, int keepWeekly, int keepMonthly) {

    public static final Path DEFAULT_BACKUP_ROOT = Path.of("/mnt/sdb1/btrfs-send-backups");
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(10);
    public static final Set<String> KEYS = Set.of("BACKUP_ROOT", "MAX_FUTURE_SKEW", "LUKS_DEVICE", "LUKS_NAME",
            "LUKS_MOUNT", "RECEIVED_ROOT", "KEEP_DAILY", "KEEP_WEEKLY", "KEEP_MONTHLY");

    private static final Pattern SKEW = Pattern.compile("([0-9]{1,6})([smh]?)");

    public ReceiverSettings {
        Objects.requireNonNull(backupRoot, "backupRoot");
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        Objects.requireNonNull(luksDevice, "luksDevice");
        requireAbsolute("BACKUP_ROOT", backupRoot);
        requireAbsolute("LUKS_MOUNT", luksMount);
        requireAbsolute("RECEIVED_ROOT", receivedRoot);
        luksDevice.ifPresent(d -> requireAbsolute("LUKS_DEVICE", d));
        if (maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("receiver config: MAX_FUTURE_SKEW is negative");
        }
        if (luksName == null || !luksName.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,126}")) {
            throw new IllegalArgumentException("receiver config: LUKS_NAME '" + luksName + "' is not a device-mapper name");
        }
        if (keepDaily < 0 || keepWeekly < 0 || keepMonthly < 0) {
            throw new IllegalArgumentException("receiver config: KEEP_* must not be negative");
        }
    }

    public static ReceiverSettings defaults() {
        return fromMap(Map.of());
    }

    /** Builds settings from KEY=value pairs; an unknown key or a bad value names the key. */
    public static ReceiverSettings fromMap(Map<String, String> values) {
        for (String key : values.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("receiver config: unknown key " + key + " (known: " + KEYS + ")");
            }
        }
        Map<String, String> v = new HashMap<>(values);
        v.values().removeIf(String::isEmpty);
        return new ReceiverSettings(
                path(v, "BACKUP_ROOT", DEFAULT_BACKUP_ROOT),
                skew(v.get("MAX_FUTURE_SKEW")),
                Optional.ofNullable(v.get("LUKS_DEVICE")).map(s -> path(v, "LUKS_DEVICE", null)),
                v.getOrDefault("LUKS_NAME", "btrfs_backup"),
                path(v, "LUKS_MOUNT", Path.of("/mnt/btrfs-backup")),
                path(v, "RECEIVED_ROOT", Path.of("/mnt/btrfs-backup/received")),
                count(v, "KEEP_DAILY", 7), count(v, "KEEP_WEEKLY", 4), count(v, "KEEP_MONTHLY", 12));
    }

    private static Path path(Map<String, String> v, String key, Path fallback) {
        String text = v.get(key);
        return text == null ? fallback : Path.of(text);
    }

    /** Seconds, or a number with unit s, m or h: {@code 600}, {@code 10m}. */
    static Duration skew(String text) {
        if (text == null) {
            return DEFAULT_MAX_FUTURE_SKEW;
        }
        Matcher m = SKEW.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("receiver config: MAX_FUTURE_SKEW '" + text
                    + "' is not a number of seconds or NUMBER followed by s, m or h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    private static int count(Map<String, String> v, String key, int fallback) {
        String text = v.get(key);
        if (text == null) {
            return fallback;
        }
        if (!text.matches("[0-9]{1,6}")) {
            throw new IllegalArgumentException("receiver config: " + key + " '" + text + "' is not a whole number");
        }
        return Integer.parseInt(text);
    }

    private static void requireAbsolute(String key, Path path) {
        if (path == null || !path.isAbsolute()) {
            throw new IllegalArgumentException("receiver config: " + key + " '" + path + "' is not an absolute path");
        }
    }
}
