package org.btrfssendbackup.core.config;

import org.btrfssendbackup.core.manifest.Compression;
import org.btrfssendbackup.core.retention.RetentionPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;
import org.btrfssendbackup.core.tools.SshCiphers;
import org.btrfssendbackup.core.tools.SshKeepalive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProducerConfigTest {

    private static final Path PASSPHRASE = Path.of("/root/.config/btrfs-send-backup/passphrase");
    private static final Path LUKS_KEY = Path.of("/root/.config/btrfs-send-backup/luks-key");
    private static final Predicate<Path> SECRETS_EXIST = Set.of(PASSPHRASE, LUKS_KEY, Path.of("/root/.ssh/id"))::contains;

    @Test
    void seedEncryptedStreamConfig() {
        ProducerConfig c = ProducerConfig.from(Resources.parse("seed-prod.conf"), SECRETS_EXIST);
        ProducerConfig expected = new ProducerConfig(Path.of("/mnt/btrfs-root"), "@rootfs",
                Path.of("/mnt/btrfs-root/@backup-snapshots"), "prod-srv-rootfs",
                Path.of("/var/lib/btrfs-send-backup/last-sent"), "btrfs-ingest@backup-srv", OptionalInt.empty(),
                Optional.empty(), Optional.empty(), Optional.of(SshCiphers.DEFAULT), SshTimeouts.defaults(), "prod-srv/rootfs",
                BackupMode.ENCRYPTED_STREAM,
                Optional.of(PASSPHRASE), Optional.empty(), 32, new RetentionPolicy(7, 4, 12),
                List.of("nginx", "php8.2-fpm", "mysql", "postgresql", "redis-server"), Duration.ofMinutes(10),
                Compression.ZSTD,
                LocalTime.of(2, 5), Path.of("/run/btrfs-send-backup.lock"), Duration.ofHours(6),
                new BrokerSettings(Optional.empty(), Optional.empty(), Optional.empty()), MonitorSettings.defaults(),
                c.origins());
        assertThat(c).isEqualTo(expected);
        assertThat(c.sourceSubvolume()).isEqualTo(Path.of("/mnt/btrfs-root/@rootfs"));
    }

    @Test
    void seedRemoteBtrfsVariantWithAppendedLines() {
        ConfigFile file = Resources.parse("seed-prod-remote-btrfs.conf");
        ProducerConfig c = ProducerConfig.from(file, SECRETS_EXIST);
        assertThat(c.mode()).isEqualTo(BackupMode.REMOTE_BTRFS);
        assertThat(c.luksKeyFile()).contains(LUKS_KEY);
        assertThat(c.fullIntervalDays()).isEqualTo(36500);
        assertThat(c.origins()).containsEntry("FULL_INTERVAL_DAYS", "seed-prod-remote-btrfs.conf:23");
        assertThat(file.warnings()).hasSize(2).allSatisfy(w -> assertThat(w).contains("the last value wins"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '~', value = {
        "                                       ~ aes128-gcm@openssh.com,chacha20-poly1305@openssh.com",
        "BACKUP_SSH_CIPHERS=default             ~ ",
        "BACKUP_SSH_CIPHERS=aes256-gcm@openssh.com ~ aes256-gcm@openssh.com",
    })
    void sshCiphersDefaultToAesGcmFirstAndDefaultMeansSshsOwn(String line, String expected) {
        ProducerConfig c = ProducerConfig.from(ShellConfigParser.parse("p",
                Resources.text("seed-prod.conf") + (line == null ? "" : line.strip() + "\n")), SECRETS_EXIST);
        assertThat(c.sshCiphers()).isEqualTo(java.util.Optional.ofNullable(expected == null ? null : expected.strip()));
    }

    @Test
    void quiesceMaxSecondsIsReadWithItsOrigin() {
        ProducerConfig c = ProducerConfig.from(ShellConfigParser.parse("prod.conf",
                Resources.text("seed-prod.conf") + "QUIESCE_MAX_SECONDS=45\n"), SECRETS_EXIST);
        assertThat(c.quiesceMax()).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.origins()).containsEntry("QUIESCE_MAX_SECONDS", "prod.conf:21");
        assertThat(c.describe()).anySatisfy(l -> assertThat(l).startsWith("QUIESCE_MAX_SECONDS=45 ").endsWith("# prod.conf:21"));
    }

    @Test
    void describeIsGolden() {
        ProducerConfig c = ProducerConfig.from(Resources.parse("seed-prod.conf"), SECRETS_EXIST);
        assertThat(c.describe()).containsExactlyElementsOf(Resources.text("seed-prod.describe.txt").lines().toList());
    }

    @Test
    void newOptionalKeys() {
        ProducerConfig c = ProducerConfig.from(ShellConfigParser.parse("p", Resources.text("seed-prod.conf") + """
                COMPRESSION=none
                BACKUP_SCHEDULE=23:45
                LOCK_FILE=/var/lock/b.lock
                RUN_DEADLINE=90m
                BACKUP_SSH_PORT=2222
                BACKUP_SSH_IDENTITY_FILE=/root/.ssh/id
                BROKER_URL=tcp://backup-srv:61617?sslEnabled=true
                BROKER_USER=producer
                BROKER_PASSWORD_FILE=/root/.config/btrfs-send-backup/passphrase
                LOCAL_BROKER_DIR=/srv/broker-local
                BROKER_FORWARD_WAIT=2m
                """), SECRETS_EXIST);
        assertThat(c.compression()).isEqualTo(Compression.NONE);
        assertThat(c.schedule()).isEqualTo(LocalTime.of(23, 45));
        assertThat(c.lockFile()).isEqualTo(Path.of("/var/lock/b.lock"));
        assertThat(c.runDeadline()).isEqualTo(Duration.ofMinutes(90));
        assertThat(c.sshPort()).hasValue(2222);
        assertThat(c.sshIdentityFile()).contains(Path.of("/root/.ssh/id"));
        assertThat(c.broker().url()).contains("tcp://backup-srv:61617?sslEnabled=true");
        assertThat(c.broker().user()).contains("producer");
        assertThat(c.broker().localBrokerDir()).isEqualTo(Path.of("/srv/broker-local"));
        assertThat(c.broker().forwardWait()).isEqualTo(java.time.Duration.ofMinutes(2));
    }

    @Test
    void sshTimeoutsAreSetThroughTheConfig() {
        ProducerConfig c = ProducerConfig.from(ShellConfigParser.parse("p", Resources.text("seed-prod.conf") + """
                BACKUP_SSH_ALIVE_INTERVAL=5s
                BACKUP_SSH_ALIVE_COUNT=2
                BACKUP_SSH_STALL_TIMEOUT=3s
                """), SECRETS_EXIST);
        assertThat(c.sshTimeouts()).isEqualTo(new SshTimeouts(
                new SshKeepalive(Duration.ofSeconds(5), 2), Duration.ofSeconds(3)));
        assertThat(c.sshTimeouts().keepalive().detectionTime()).isEqualTo(Duration.ofSeconds(10));
    }

    /** Each row appends one line (line 21) to the seed's config, or replaces a seed line. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '~', value = {
            "SNAPSHOT_PREFX=x                  ~ 21 ~ SNAPSHOT_PREFX ~ unknown key (did you mean SNAPSHOT_PREFIX?)",
            "BACKUP_MODUS=remote-btrfs         ~ 21 ~ BACKUP_MODUS ~ unknown key (did you mean BACKUP_MODE?)",
            "TOTALLY_UNRELATED=1               ~ 21 ~ TOTALLY_UNRELATED ~ unknown key",
            "BACKUP_MODE=fast                  ~ 21 ~ BACKUP_MODE ~ 'fast': must be one of encrypted-stream, remote-btrfs",
            "BACKUP_SSH_PORT=70000             ~ 21 ~ BACKUP_SSH_PORT ~ must be a TCP port 1..65535",
            "BACKUP_SSH_PORT=ssh               ~ 21 ~ BACKUP_SSH_PORT ~ must be a whole number",
            "BACKUP_SSH_TARGET=-oProxyCommand=x ~ 21 ~ BACKUP_SSH_TARGET ~ not start with '-'",
            "BACKUP_SET=../etc                 ~ 21 ~ BACKUP_SET ~ one to three components",
            "BACKUP_SET=a/b/c/d                ~ 21 ~ BACKUP_SET ~ one to three components",
            "SNAPSHOT_DIR=relative/dir         ~ 21 ~ SNAPSHOT_DIR ~ must be an absolute path",
            "SOURCE_SUBVOL=../escape           ~ 21 ~ SOURCE_SUBVOL ~ must be a relative path",
            "FULL_INTERVAL_DAYS=0              ~ 21 ~ FULL_INTERVAL_DAYS ~ must be at least 1",
            "LOCAL_KEEP_DAILY=-1               ~ 21 ~ LOCAL_KEEP_DAILY ~ must not be negative",
            "LOCAL_KEEP_WEEKLY=four            ~ 21 ~ LOCAL_KEEP_WEEKLY ~ must be a whole number",
            "SERVICES_TO_QUIESCE=(nginx --all) ~ 21 ~ SERVICES_TO_QUIESCE ~ not a systemd unit name: '--all'",
            "QUIESCE_MAX_SECONDS=0             ~ 21 ~ QUIESCE_MAX_SECONDS ~ must be a whole number from 1 to 86400",
            "QUIESCE_MAX_SECONDS=864000        ~ 21 ~ QUIESCE_MAX_SECONDS ~ must be a whole number from 1 to 86400",
            "QUIESCE_MAX_SECONDS=10m           ~ 21 ~ QUIESCE_MAX_SECONDS ~ must be a whole number",
            "SNAPSHOT_PREFIX=(a b)             ~ 21 ~ SNAPSHOT_PREFIX ~ must be a single value, not an array",
            "SNAPSHOT_PREFIX=.hidden           ~ 21 ~ SNAPSHOT_PREFIX ~ must match [A-Za-z0-9][A-Za-z0-9._-]* with at most 200",
            "COMPRESSION=gzip                  ~ 21 ~ COMPRESSION ~ must be one of none, zstd",
            "COMPRESSION=unknown               ~ 21 ~ COMPRESSION ~ must be one of none, zstd",
            "BACKUP_SCHEDULE=25:00             ~ 21 ~ BACKUP_SCHEDULE ~ HH:MM",
            "RUN_DEADLINE=0h                   ~ 21 ~ RUN_DEADLINE ~ must be more than zero",
            "RUN_DEADLINE=6y                   ~ 21 ~ RUN_DEADLINE ~ must be a whole number with a unit us, ms, s, m, h, d or w",
            "RUN_DEADLINE=1500ms               ~ 21 ~ RUN_DEADLINE ~ must be whole seconds",
            "PASSPHRASE_FILE=/nowhere/pass     ~ 21 ~ PASSPHRASE_FILE ~ file /nowhere/pass does not exist",
            "PASSPHRASE_FILE=                  ~ 21 ~ PASSPHRASE_FILE ~ is required in BACKUP_MODE=encrypted-stream",
            "BACKUP_SSH_IDENTITY_FILE=/no/key  ~ 21 ~ BACKUP_SSH_IDENTITY_FILE ~ file /no/key does not exist",
            "BACKUP_SSH_KNOWN_HOSTS=/no/kh     ~ 21 ~ BACKUP_SSH_KNOWN_HOSTS ~ file /no/kh does not exist",
            "BACKUP_SSH_CIPHERS=AES128+gcm     ~ 21 ~ BACKUP_SSH_CIPHERS ~ ssh cipher list is malformed",
            "BACKUP_SSH_ALIVE_INTERVAL=0s      ~ 21 ~ BACKUP_SSH_ALIVE_INTERVAL ~ must be at least 1s",
            "BACKUP_SSH_ALIVE_INTERVAL=15      ~ 21 ~ BACKUP_SSH_ALIVE_INTERVAL ~ must be a whole number with a unit",
            "BACKUP_SSH_ALIVE_COUNT=0          ~ 21 ~ BACKUP_SSH_ALIVE_COUNT ~ must be at least 1",
            "BACKUP_SSH_STALL_TIMEOUT=0m       ~ 21 ~ BACKUP_SSH_STALL_TIMEOUT ~ must be at least 1s",
            "BROKER_USER=producer              ~ 0  ~ BROKER_PASSWORD_FILE ~ must be set together",
            "BROKER_URL=tcp://hub:61617        ~ 21 ~ BROKER_URL ~ BROKER_USER and BROKER_PASSWORD_FILE must be too",
            "LOCAL_BROKER_DIR=broker-local     ~ 21 ~ LOCAL_BROKER_DIR ~ must be an absolute path",
            "BROKER_FORWARD_WAIT=10            ~ 21 ~ BROKER_FORWARD_WAIT ~ must be a whole number with a unit us, ms, s, m, h, d or w",
            "BACKUP_SET=                       ~ 21 ~ BACKUP_SET ~ is required but empty",
    })
    void errorsNameFileKeyAndLine(String line, int expectedLine, String key, String message) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ProducerConfig.from(
                ShellConfigParser.parse("/etc/btrfs-send-backup/prod.conf",
                        Resources.text("seed-prod.conf") + line.strip() + "\n"), SECRETS_EXIST));
        assertThat(e.source()).isEqualTo("/etc/btrfs-send-backup/prod.conf");
        assertThat(e.line()).isEqualTo(expectedLine);
        assertThat(e.key()).contains(key.strip());
        assertThat(e.getMessage()).contains(key.strip() + ": ").contains(message.strip());
    }

    /**
     * The config reads names with the store's grammar (core.layout.NameGrammar): a prefix or set
     * component one character over the limit is refused by config check, not by the first run.
     */
    @ParameterizedTest(name = "{0} of {1} characters")
    @CsvSource({"SNAPSHOT_PREFIX, 200, true", "SNAPSHOT_PREFIX, 201, false",
            "BACKUP_SET, 255, true", "BACKUP_SET, 256, false"})
    void namesAtTheLengthLimit(String key, int length, boolean accepted) {
        String value = key.equals("BACKUP_SET") ? "prod-srv/" + "r".repeat(length) : "p".repeat(length);
        String text = Resources.text("seed-prod.conf") + key + "=" + value + "\n";
        if (accepted) {
            ProducerConfig c = ProducerConfig.from(ShellConfigParser.parse("prod.conf", text), SECRETS_EXIST);
            assertThat(key.equals("BACKUP_SET") ? c.backupSet() : c.snapshotPrefix()).isEqualTo(value);
        } else {
            ConfigException e = catchThrowableOfType(ConfigException.class,
                    () -> ProducerConfig.from(ShellConfigParser.parse("prod.conf", text), SECRETS_EXIST));
            assertThat(e.key()).contains(key);
            assertThat(e.getMessage()).contains(key.equals("BACKUP_SET") ? "at most 255 characters" : "at most 200 characters");
        }
    }

    @Test
    void missingRequiredKeyHasNoLine() {
        String text = Resources.text("seed-prod.conf").replace("SOURCE_TOP=/mnt/btrfs-root\n", "");
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ProducerConfig.from(ShellConfigParser.parse("prod.conf", text), SECRETS_EXIST));
        assertThat(e.getMessage()).isEqualTo("prod.conf: SOURCE_TOP: is required but not set");
    }

    @Test
    void remoteBtrfsNeedsAnExistingLuksKeyFile() {
        String text = Resources.text("seed-prod.conf") + "BACKUP_MODE=remote-btrfs\n";
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ProducerConfig.from(ShellConfigParser.parse("prod.conf", text), SECRETS_EXIST));
        assertThat(e.getMessage()).isEqualTo("prod.conf: LUKS_KEY_FILE: is required in BACKUP_MODE=remote-btrfs");
        ConfigException missing = catchThrowableOfType(ConfigException.class, () -> ProducerConfig.from(
                ShellConfigParser.parse("prod.conf", text + "LUKS_KEY_FILE=/gone\n"), SECRETS_EXIST));
        assertThat(missing.getMessage()).startsWith("prod.conf:22: LUKS_KEY_FILE: file /gone does not exist");
    }

    @Test
    void describeNeverReadsSecretFiles() {
        // The predicate answers "exists" without any file being there: describe() only shows paths.
        ProducerConfig c = ProducerConfig.from(Resources.parse("seed-prod.conf"), p -> true);
        assertThat(c.describe()).anySatisfy(l -> assertThat(l).startsWith("PASSPHRASE_FILE=" + PASSPHRASE));
    }
}
