package org.btrfssendbackup.core.config;

import org.btrfssendbackup.core.manifest.Compression;
import org.btrfssendbackup.core.retention.RetentionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;
import org.btrfssendbackup.core.tools.SshArgs;
import org.btrfssendbackup.core.tools.SshCiphers;
import org.btrfssendbackup.core.tools.SystemctlArgs;

/**
 * prod-srv's /etc/btrfs-send-backup/prod.conf: every key of the seed, plus the new optional
 * keys (COMPRESSION, BACKUP_SCHEDULE, broker keys incl. LOCAL_BROKER_DIR and BROKER_FORWARD_WAIT,
 * BACKUP_SSH_KNOWN_HOSTS, BACKUP_SSH_CIPHERS, LOCK_FILE, QUIESCE_MAX_SECONDS, BACKUP_SSH_ALIVE_INTERVAL,
 * BACKUP_SSH_ALIVE_COUNT, BACKUP_SSH_STALL_TIMEOUT, RUN_DEADLINE).
 *
 * @param runDeadline how long one run may take in all before it ends FAILED (RUN_DEADLINE)
 * @param sshCiphers ssh's {@code -c} list ({@link SshCiphers}, default {@link SshCiphers#DEFAULT}); empty = ssh's
 *                   own default ({@code BACKUP_SSH_CIPHERS=default})
 * @param quiesceMax the longest SERVICES_TO_QUIESCE may stay stopped even if the producer dies:
 *                   a systemd timer armed before the stop starts them after this long
 *
 * @param monitor TEXTFILE_DIR and STALE_AFTER ({@link MonitorSettings})
 * @param origins where each key's value came from ("FILE:LINE" or "default"), for describe()
 */
public record ProducerConfig(
        Path sourceTop, String sourceSubvol, Path snapshotDir, String snapshotPrefix, Path stateFile,
        String sshTarget, OptionalInt sshPort, Optional<Path> sshIdentityFile, Optional<Path> sshKnownHosts,
        Optional<String> sshCiphers, SshTimeouts sshTimeouts,
        String backupSet, BackupMode mode, Optional<Path> passphraseFile, Optional<Path> luksKeyFile,
        int fullIntervalDays, RetentionPolicy localKeep, List<String> servicesToQuiesce, Duration quiesceMax,
        Compression compression, LocalTime schedule, Path lockFile, Duration runDeadline, BrokerSettings broker,
        MonitorSettings monitor, Map<String, String> origins) {

    public static final Path DEFAULT_PATH = Path.of("/etc/btrfs-send-backup/prod.conf");
    public static final Path DEFAULT_LOCK_FILE = Path.of("/run/btrfs-send-backup.lock");
    /**
     * Ten minutes: a snapshot takes well under a second, so this only ever matters when the
     * producer died inside the window, and it must not fire during a slow but live snapshot.
     */
    public static final Duration DEFAULT_QUIESCE_MAX = Duration.ofSeconds(600);
    /** A day: more is surely a typo, and a guard that fires tomorrow guards nothing. */
    static final int MAX_QUIESCE_MAX_SECONDS = 86_400;
    /**
     * A nightly run takes minutes; six hours leave room for a slow full and the retries of a
     * dropped connection (about a quarter of an hour) and still end before the next night.
     */
    public static final Duration DEFAULT_RUN_DEADLINE = Duration.ofHours(6);

    static final Set<String> KEYS = MonitorSettings.withMonitorKeys("SOURCE_TOP", "SOURCE_SUBVOL", "SNAPSHOT_DIR", "SNAPSHOT_PREFIX",
            "STATE_FILE", "BACKUP_SSH_TARGET", "BACKUP_SSH_PORT", "BACKUP_SSH_IDENTITY_FILE", "BACKUP_SSH_KNOWN_HOSTS", "BACKUP_SSH_CIPHERS",
            "BACKUP_SSH_ALIVE_INTERVAL", "BACKUP_SSH_ALIVE_COUNT", "BACKUP_SSH_STALL_TIMEOUT",
            "BACKUP_SET", "PASSPHRASE_FILE", "BACKUP_MODE", "FULL_INTERVAL_DAYS", "LOCAL_KEEP_DAILY",
            "LOCAL_KEEP_WEEKLY", "LOCAL_KEEP_MONTHLY", "SERVICES_TO_QUIESCE", "QUIESCE_MAX_SECONDS", "LUKS_KEY_FILE",
            "COMPRESSION", "BACKUP_SCHEDULE", "LOCK_FILE", "RUN_DEADLINE", BrokerSettings.URL, BrokerSettings.USER,
            BrokerSettings.PASSWORD_FILE, BrokerSettings.LOCAL_BROKER_DIR, BrokerSettings.FORWARD_WAIT,
            BackupSets.SETS_DIR);

    public ProducerConfig {
        Objects.requireNonNull(sourceTop, "sourceTop");
        Objects.requireNonNull(sourceSubvol, "sourceSubvol");
        Objects.requireNonNull(snapshotDir, "snapshotDir");
        Objects.requireNonNull(snapshotPrefix, "snapshotPrefix");
        Objects.requireNonNull(stateFile, "stateFile");
        Objects.requireNonNull(sshTarget, "sshTarget");
        Objects.requireNonNull(sshTimeouts, "sshTimeouts");
        Objects.requireNonNull(backupSet, "backupSet");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(localKeep, "localKeep");
        servicesToQuiesce = List.copyOf(servicesToQuiesce);
        Objects.requireNonNull(quiesceMax, "quiesceMax");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(lockFile, "lockFile");
        if (runDeadline == null || runDeadline.isZero() || runDeadline.isNegative()) {
            throw new IllegalArgumentException("runDeadline must be positive, was " + runDeadline);
        }
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(monitor, "monitor");
        if (mode == BackupMode.ENCRYPTED_STREAM && passphraseFile.isEmpty()) {
            throw new IllegalArgumentException("encrypted-stream mode needs a passphrase file");
        }
        if (mode == BackupMode.REMOTE_BTRFS && luksKeyFile.isEmpty()) {
            throw new IllegalArgumentException("remote-btrfs mode needs a LUKS key file");
        }
        origins = Map.copyOf(origins);
    }

    public static ProducerConfig load(Path file) {
        return from(ShellConfigParser.parse(file), p -> Files.isRegularFile(p) && Files.isReadable(p));
    }

    /** @param readableFile how to check that secret files exist (tests substitute it) */
    public static ProducerConfig from(ConfigFile file, Predicate<Path> readableFile) {
        ConfigReader r = new ConfigReader(file, KEYS);
        Path sourceTop = r.required("SOURCE_TOP", Values::absolutePath);
        String sourceSubvol = r.required("SOURCE_SUBVOL", Values::relativeSubpath);
        Path snapshotDir = r.required("SNAPSHOT_DIR", Values::absolutePath);
        String prefix = r.required("SNAPSHOT_PREFIX", Values::snapshotPrefix);
        Path stateFile = r.required("STATE_FILE", Values::absolutePath);
        String target = r.required("BACKUP_SSH_TARGET", t -> SshArgs.to(t).target());
        OptionalInt port = r.optional("BACKUP_SSH_PORT", Values::port).map(OptionalInt::of).orElse(OptionalInt.empty());
        Optional<Path> identity = r.optional("BACKUP_SSH_IDENTITY_FILE", Values::absolutePath);
        identity.ifPresent(p -> r.requireFile("BACKUP_SSH_IDENTITY_FILE", p, readableFile));
        Optional<Path> knownHosts = r.optional("BACKUP_SSH_KNOWN_HOSTS", Values::absolutePath);
        knownHosts.ifPresent(p -> r.requireFile("BACKUP_SSH_KNOWN_HOSTS", p, readableFile));
        Optional<String> sshCiphers = r.orDefault("BACKUP_SSH_CIPHERS", SshCiphers::parse, Optional.of(SshCiphers.DEFAULT));
        SshTimeouts sshTimeouts = SshTimeouts.read(r);
        String set = r.required("BACKUP_SET", Values::backupSet);
        BackupMode mode = r.orDefault("BACKUP_MODE", Values::backupMode, BackupMode.ENCRYPTED_STREAM);
        Optional<Path> passphrase = secretFile(r, "PASSPHRASE_FILE", mode == BackupMode.ENCRYPTED_STREAM, mode,
                readableFile);
        Optional<Path> luksKey = secretFile(r, "LUKS_KEY_FILE", mode == BackupMode.REMOTE_BTRFS, mode, readableFile);
        int fullInterval = r.orDefault("FULL_INTERVAL_DAYS", Values::positiveInt, 32);
        RetentionPolicy keep = new RetentionPolicy(
                r.orDefault("LOCAL_KEEP_DAILY", Values::nonNegativeInt, RetentionPolicy.seedDefaults().keepDaily()),
                r.orDefault("LOCAL_KEEP_WEEKLY", Values::nonNegativeInt, RetentionPolicy.seedDefaults().keepWeekly()),
                r.orDefault("LOCAL_KEEP_MONTHLY", Values::nonNegativeInt, RetentionPolicy.seedDefaults().keepMonthly()));
        List<String> services = r.array("SERVICES_TO_QUIESCE", SystemctlArgs::checkUnitName);
        Duration quiesceMax = Duration.ofSeconds(r.orDefault("QUIESCE_MAX_SECONDS",
                v -> Values.intInRange(v, 1, MAX_QUIESCE_MAX_SECONDS), (int) DEFAULT_QUIESCE_MAX.getSeconds()));
        Compression compression = r.orDefault("COMPRESSION", Values::compression, Compression.ZSTD);
        LocalTime schedule = r.orDefault("BACKUP_SCHEDULE", Values::schedule, LocalTime.of(2, 5));
        Path lockFile = r.orDefault("LOCK_FILE", Values::absolutePath, DEFAULT_LOCK_FILE);
        Duration runDeadline = r.orDefault("RUN_DEADLINE", Values::positiveDuration, DEFAULT_RUN_DEADLINE);
        BrokerSettings broker = BrokerSettings.readWithLocalBroker(r, readableFile);
        MonitorSettings monitor = MonitorSettings.read(r);
        return new ProducerConfig(sourceTop, sourceSubvol, snapshotDir, prefix, stateFile, target, port, identity,
                knownHosts, sshCiphers, sshTimeouts, set, mode, passphrase, luksKey, fullInterval, keep, services,
                quiesceMax, compression, schedule, lockFile, runDeadline, broker, monitor, r.origins());
    }

    private static Optional<Path> secretFile(ConfigReader r, String key, boolean needed, BackupMode mode,
                                             Predicate<Path> readableFile) {
        Optional<Path> path = r.optional(key, Values::absolutePath);
        if (needed && path.isEmpty()) {
            throw r.fail(key, "is required in BACKUP_MODE=" + mode.token());
        }
        if (needed) {
            r.requireFile(key, path.get(), readableFile);
        }
        return path;
    }

    /** The subvolume that is snapshotted: SOURCE_TOP/SOURCE_SUBVOL. */
    public Path sourceSubvolume() {
        return sourceTop.resolve(sourceSubvol);
    }

    /** The effective configuration as config-file lines with their origin; secrets by path only. */
    public List<String> describe() {
        Description d = new Description(origins)
                .add("SOURCE_TOP", sourceTop).add("SOURCE_SUBVOL", sourceSubvol).add("SNAPSHOT_DIR", snapshotDir)
                .add("SNAPSHOT_PREFIX", snapshotPrefix).add("STATE_FILE", stateFile)
                .add("BACKUP_SSH_TARGET", sshTarget)
                .add("BACKUP_SSH_PORT", sshPort.isPresent() ? Integer.toString(sshPort.getAsInt()) : "")
                .add("BACKUP_SSH_IDENTITY_FILE", sshIdentityFile).add("BACKUP_SSH_KNOWN_HOSTS", sshKnownHosts)
                .add("BACKUP_SSH_CIPHERS", SshCiphers.format(sshCiphers));
        sshTimeouts.describe(d);
        d.add("BACKUP_SET", backupSet).add("BACKUP_MODE", mode.token())
                .add("PASSPHRASE_FILE", passphraseFile).add("LUKS_KEY_FILE", luksKeyFile)
                .add("FULL_INTERVAL_DAYS", fullIntervalDays).add("LOCAL_KEEP_DAILY", localKeep.keepDaily())
                .add("LOCAL_KEEP_WEEKLY", localKeep.keepWeekly()).add("LOCAL_KEEP_MONTHLY", localKeep.keepMonthly())
                .addArray("SERVICES_TO_QUIESCE", servicesToQuiesce)
                .add("QUIESCE_MAX_SECONDS", quiesceMax.getSeconds())
                .add("COMPRESSION", compression.token()).add("BACKUP_SCHEDULE", schedule)
                .add("LOCK_FILE", lockFile).add("RUN_DEADLINE", Values.formatDuration(runDeadline));
        broker.describeWithLocalBroker(d);
        monitor.describe(d);
        return d.lines();
    }
}
