package org.btrfssendbackup.core.config;

import org.btrfssendbackup.core.retention.RetentionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * backup-srv's /etc/default/btrfs-backup-receive: the seed's LUKS and KEEP_* keys, plus
 * BACKUP_ROOT, MAX_FUTURE_SKEW, RECEIVE_IDLE_TIMEOUT, the upload limits ({@link UploadLimits}), the scrub's keys ({@link ScrubSettings}) and the
 * broker keys, and the monitoring keys the pruner reads ({@link MonitorSettings}).
 *
 * @param idleTimeout RECEIVE_IDLE_TIMEOUT (10m): an upload whose stdin delivers no byte for this long
 *                    is discarded (exit 1), so a dead producer or link never holds the set's upload
 *                    lock for ever; twice the producer's own stall timeout, so the producer, which
 *                    can retry, is normally the one that notices first
 *
 * @param uploads    MAX_STREAM_BYTES and RESERVE_FREE_BYTES: how much of the disk one put-stream may take
 *                   ({@link UploadLimits})
 *
 * @param luks empty when LUKS_DEVICE is not set: remote-btrfs commands are then refused
 *             (a device path is machine-specific, so it has no default)
 */
public record ReceiverConfig(Path backupRoot, Optional<LuksSettings> luks, RetentionPolicy keep,
                             Duration maxFutureSkew, Duration idleTimeout, BrokerSettings broker, ScrubSettings scrub,
                             UploadLimits uploads, MonitorSettings monitor, Map<String, String> origins) {

    public static final Path DEFAULT_PATH = Path.of("/etc/default/btrfs-backup-receive");
    public static final Path DEFAULT_BACKUP_ROOT = Path.of("/mnt/sdb1/btrfs-send-backups");
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    /** The key of {@link #idleTimeout()}, also named by the timeout's error. */
    public static final String IDLE_TIMEOUT = "RECEIVE_IDLE_TIMEOUT";
    /** The key of {@link #maxFutureSkew()}, also named by the refusal of a snapshot too far ahead. */
    public static final String MAX_FUTURE_SKEW = "MAX_FUTURE_SKEW";

    static final Set<String> KEYS = MonitorSettings.withMonitorKeys("LUKS_DEVICE", "LUKS_NAME", "LUKS_MOUNT", "RECEIVED_ROOT", "KEEP_DAILY",
            "KEEP_WEEKLY", "KEEP_MONTHLY", "BACKUP_ROOT", MAX_FUTURE_SKEW, IDLE_TIMEOUT,
            ScrubSettings.MAX_BYTES, ScrubSettings.PASS_DAYS, ScrubSettings.CHECK_MAX_AGE,
            UploadLimits.MAX_STREAM_BYTES, UploadLimits.RESERVE_FREE_BYTES,
            BrokerSettings.URL, BrokerSettings.USER, BrokerSettings.PASSWORD_FILE);

    public ReceiverConfig {
        Objects.requireNonNull(backupRoot, "backupRoot");
        Objects.requireNonNull(luks, "luks");
        Objects.requireNonNull(keep, "keep");
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isZero() || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("receive idle timeout must be positive: " + idleTimeout);
        }
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(scrub, "scrub");
        Objects.requireNonNull(uploads, "uploads");
        origins = Map.copyOf(origins);
    }

    public static ReceiverConfig load(Path file) {
        return from(ShellConfigParser.parse(file), p -> Files.isRegularFile(p) && Files.isReadable(p));
    }

    /** Everything by default, as when the file does not exist (encrypted-stream only setups). */
    public static ReceiverConfig defaults() {
        return from(new ConfigFile("(no config file)", Map.of(), List.of()), p -> false);
    }

    public static ReceiverConfig from(ConfigFile file, Predicate<Path> readableFile) {
        ConfigReader r = new ConfigReader(file, KEYS);
        Path backupRoot = r.orDefault("BACKUP_ROOT", Values::absolutePath, DEFAULT_BACKUP_ROOT);
        Optional<Path> device = r.optional("LUKS_DEVICE", Values::absolutePath);
        String name = r.orDefault("LUKS_NAME", Values::name, "btrfs_backup");
        Path mount = r.orDefault("LUKS_MOUNT", Values::absolutePath, Path.of("/mnt/btrfs-backup"));
        Path received = r.orDefault("RECEIVED_ROOT", Values::absolutePath, mount.resolve("received"));
        Optional<LuksSettings> luks = Optional.empty();
        if (device.isPresent()) {
            if (!received.startsWith(mount) || received.equals(mount)) {
                throw r.fail("RECEIVED_ROOT", "'" + received + "' must be a directory inside LUKS_MOUNT " + mount);
            }
            luks = Optional.of(new LuksSettings(device.get(), name, mount, received));
        }
        RetentionPolicy keep = new RetentionPolicy(
                r.orDefault("KEEP_DAILY", Values::nonNegativeInt, RetentionPolicy.seedDefaults().keepDaily()),
                r.orDefault("KEEP_WEEKLY", Values::nonNegativeInt, RetentionPolicy.seedDefaults().keepWeekly()),
                r.orDefault("KEEP_MONTHLY", Values::nonNegativeInt, RetentionPolicy.seedDefaults().keepMonthly()));
        Duration skew = r.orDefault(MAX_FUTURE_SKEW, Values::duration, DEFAULT_MAX_FUTURE_SKEW);
        Duration idle = r.orDefault(IDLE_TIMEOUT, v -> {
            Duration d = Values.duration(v);
            if (d.isZero()) {
                throw new IllegalArgumentException("must be at least 1s");
            }
            return d;
        }, DEFAULT_IDLE_TIMEOUT);
        BrokerSettings broker = BrokerSettings.read(r, readableFile);
        ScrubSettings scrub = ScrubSettings.read(r);
        UploadLimits uploads = UploadLimits.read(r);
        MonitorSettings monitor = MonitorSettings.read(r);
        return new ReceiverConfig(backupRoot, luks, keep, skew, idle, broker, scrub, uploads, monitor, r.origins());
    }

    public List<String> describe() {
        Description d = new Description(origins).add("BACKUP_ROOT", backupRoot)
                .add("LUKS_DEVICE", luks.map(LuksSettings::device))
                .add("LUKS_NAME", luks.map(LuksSettings::mappingName))
                .add("LUKS_MOUNT", luks.map(LuksSettings::mountPoint))
                .add("RECEIVED_ROOT", luks.map(LuksSettings::receivedRoot))
                .add("KEEP_DAILY", keep.keepDaily()).add("KEEP_WEEKLY", keep.keepWeekly()).add("KEEP_MONTHLY", keep.keepMonthly())
                .add(MAX_FUTURE_SKEW, Values.formatDuration(maxFutureSkew))
                .add(IDLE_TIMEOUT, Values.formatDuration(idleTimeout));
        uploads.describe(d);
        scrub.describe(d);
        broker.describe(d);
        monitor.describe(d);
        return d.lines();
    }
}
