package org.btrfssendbackup.core.config;

import org.btrfssendbackup.core.retention.RetentionPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReceiverConfigTest {

    @Test
    void seedReceiverDefaults() {
        ReceiverConfig c = ReceiverConfig.from(Resources.parse("seed-receive.conf"), p -> false);
        assertThat(c.luks()).contains(new LuksSettings(Path.of("/dev/sdb1"), "btrfs_backup",
                Path.of("/mnt/btrfs-backup"), Path.of("/mnt/btrfs-backup/received")));
        assertThat(c.keep()).isEqualTo(new RetentionPolicy(7, 4, 12));
        assertThat(c.backupRoot()).isEqualTo(Path.of("/mnt/sdb1/btrfs-send-backups"));
        assertThat(c.maxFutureSkew()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.describe()).contains(
                "LUKS_DEVICE=/dev/sdb1                            # seed-receive.conf:1",
                "MAX_FUTURE_SKEW=10m                              # default",
                "RECEIVE_IDLE_TIMEOUT=10m                         # default");
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void receiveIdleTimeoutIsSetThroughTheConfig() {
        ReceiverConfig c = ReceiverConfig.from(ShellConfigParser.parse("r", "RECEIVE_IDLE_TIMEOUT=3s"), p -> false);
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void noFileMeansNoLuksAndSeedRetention() {
        ReceiverConfig c = ReceiverConfig.defaults();
        assertThat(c.luks()).isEqualTo(Optional.empty());
        assertThat(c.keep()).isEqualTo(RetentionPolicy.seedDefaults());
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "1000, 1000", "500M, 524288000", "50G, 53687091200", "2T, 2199023255552"})
    void scrubByteBudget(String value, long bytes) {
        ReceiverConfig c = ReceiverConfig.from(ShellConfigParser.parse("r", "SCRUB_MAX_BYTES=" + value), p -> false);
        assertThat(c.scrub().maxBytesPerRun()).isEqualTo(bytes);
        assertThat(c.describe()).anyMatch(line -> line.startsWith("SCRUB_MAX_BYTES=" + value + " "));
    }

    @Test
    void scrubDefaults() {
        ReceiverConfig c = ReceiverConfig.defaults();
        assertThat(c.scrub()).isEqualTo(new ScrubSettings(50L << 30, 30, Duration.ofDays(7)));
        assertThat(c.describe()).contains(
                "SCRUB_MAX_BYTES=50G                              # default",
                "SCRUB_PASS_DAYS=30                               # default",
                "PRUNE_CHECK_MAX_AGE=168h                         # default");
    }

    @ParameterizedTest
    @CsvSource({"90s, 90", "5m, 300", "1h, 3600", "1d, 86400", "1w, 604800", "2000ms, 2"})
    void maxFutureSkew(String value, long seconds) {
        ReceiverConfig c = ReceiverConfig.from(ShellConfigParser.parse("r", "MAX_FUTURE_SKEW=" + value), p -> false);
        assertThat(c.maxFutureSkew()).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '~', value = {
            "RECEIVED_ROOT=/mnt/sdb1/plain     ~ 8 ~ RECEIVED_ROOT ~ must be a directory inside LUKS_MOUNT",
            "KEEP_DAILY=seven                  ~ 8 ~ KEEP_DAILY ~ must be a whole number",
            "MAX_FUTURE_SKEW=10                ~ 8 ~ MAX_FUTURE_SKEW ~ with a unit us, ms, s, m, h, d or w (e.g. 30m, 26h, 7d)",
            "RECEIVE_IDLE_TIMEOUT=0s           ~ 8 ~ RECEIVE_IDLE_TIMEOUT ~ must be at least 1s",
            "LUKS_NAME=../x                    ~ 8 ~ LUKS_NAME ~ must match",
            "KEEP_DAYLY=7                      ~ 8 ~ KEEP_DAYLY ~ did you mean KEEP_DAILY?",
            "BROKER_PASSWORD_FILE=/etc/missing ~ 8 ~ BROKER_PASSWORD_FILE ~ does not exist",
            "BROKER_URL=tcp://hub:61617        ~ 8 ~ BROKER_URL ~ the broker refuses anonymous connections",
            "SCRUB_MAX_BYTES=50GB              ~ 8 ~ SCRUB_MAX_BYTES ~ unit K, M, G or T",
            "SCRUB_MAX_BYTES=0                 ~ 8 ~ SCRUB_MAX_BYTES ~ must be > 0",
            "SCRUB_PASS_DAYS=0                 ~ 8 ~ SCRUB_PASS_DAYS ~ must be",
            "PRUNE_CHECK_MAX_AGE=7days        ~ 8 ~ PRUNE_CHECK_MAX_AGE ~ with a unit us, ms, s, m, h, d or w",
            "MAX_STREAM_BYTES=500GB            ~ 8 ~ MAX_STREAM_BYTES ~ unit K, M, G or T",
            "MAX_STREAM_BYTES=0                ~ 8 ~ MAX_STREAM_BYTES ~ must be > 0",
            "RESERVE_FREE_BYTES=51%            ~ 8 ~ RESERVE_FREE_BYTES ~ must be at most 50%",
            "RESERVE_FREE_BYTES=1GB            ~ 8 ~ RESERVE_FREE_BYTES ~ a percentage of the filesystem (1%) or a number of bytes",
            "RESERVE_FREE_BYTES=-1             ~ 8 ~ RESERVE_FREE_BYTES ~ must be 0, a percentage",
    })
    void errorsNameKeyAndLine(String line, int expectedLine, String key, String message) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ReceiverConfig.from(
                ShellConfigParser.parse("/etc/default/btrfs-backup-receive",
                        Resources.text("seed-receive.conf") + line.strip() + "\n"), p -> false));
        assertThat(e.line()).isEqualTo(expectedLine);
        assertThat(e.key()).contains(key.strip());
        assertThat(e.getMessage()).startsWith("/etc/default/btrfs-backup-receive:" + expectedLine + ": " + key.strip())
                .contains(message.strip());
    }

    @Test
    void uploadLimitsDefaultToNoSizeLimitAndOnePercentReserve() {
        ReceiverConfig c = ReceiverConfig.defaults();
        assertThat(c.uploads().maxStreamBytes()).isEmpty();
        assertThat(c.uploads().reserveOf(1000L << 30)).isEqualTo(10L << 30);
        assertThat(c.describe()).contains(
                "MAX_STREAM_BYTES=                                # default",
                "RESERVE_FREE_BYTES=1%                            # default");
    }

    @ParameterizedTest
    @CsvSource({"500G, 0, 536870912000, 0", "1M, 2G, 1048576, 2147483648", "1M, 5%, 1048576, 50", "1M, 0, 1048576, 0"})
    void uploadLimitsAreReadFromTheConfig(String max, String reserve, long maxBytes, long reserveOfAThousand) {
        ReceiverConfig c = ReceiverConfig.from(ShellConfigParser.parse("r",
                "MAX_STREAM_BYTES=" + max + "\nRESERVE_FREE_BYTES=" + reserve), p -> false);
        assertThat(c.uploads().maxStreamBytes()).hasValue(maxBytes);
        assertThat(c.uploads().reserveOf(1000)).isEqualTo(reserveOfAThousand);
        assertThat(c.describe()).contains(String.format("%-48s # r:1", "MAX_STREAM_BYTES=" + max),
                String.format("%-48s # r:2", "RESERVE_FREE_BYTES=" + reserve));
    }
}
