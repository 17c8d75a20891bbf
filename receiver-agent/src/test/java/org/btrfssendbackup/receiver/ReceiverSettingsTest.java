package org.btrfssendbackup.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReceiverSettingsTest {

    @TempDir
    Path tmp;

    @Test
    void defaultsMatchTheSeed() {
        ReceiverSettings s = ReceiverSettings.defaults();
        assertThat(s.backupRoot()).isEqualTo(Path.of("/mnt/sdb1/btrfs-send-backups"));
        assertThat(s.maxFutureSkew()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.luksName()).isEqualTo("btrfs_backup");
        assertThat(s.receivedRoot()).isEqualTo(Path.of("/mnt/btrfs-backup/received"));
        assertThat(s.keepDaily()).isEqualTo(7);
        assertThat(s.luksDevice()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"600, PT10M", "30s, PT30S", "5m, PT5M", "1h, PT1H", "0, PT0S"})
    void parsesSkew(String text, Duration expected) {
        assertThat(ReceiverSettings.fromMap(Map.of("MAX_FUTURE_SKEW", text)).maxFutureSkew()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "MAX_FUTURE_SKEW | 10 minutes | MAX_FUTURE_SKEW", "MAX_FUTURE_SKEW | -5 | MAX_FUTURE_SKEW",
            "BACKUP_ROOT | relative/dir | BACKUP_ROOT", "KEEP_DAILY | seven | KEEP_DAILY",
            "LUKS_NAME | ../x | LUKS_NAME", "UNKNOWN_KEY | 1 | unknown key UNKNOWN_KEY"})
    void badValuesNameTheKey(String key, String value, String expected) {
        assertThatThrownBy(() -> ReceiverSettings.fromMap(Map.of(key, value))).hasMessageContaining(expected);
    }

    @Test
    void readsTheSeedDefaultsFileAndEnvironmentOverrides() throws Exception {
        Path file = tmp.resolve("btrfs-backup-receive");
        Files.writeString(file, "# seed example\nLUKS_DEVICE=/dev/sdb1\nLUKS_NAME=btrfs_backup\nLUKS_MOUNT=/mnt/btrfs-backup\n"
                + "RECEIVED_ROOT=/mnt/btrfs-backup/received\nKEEP_DAILY=7\nKEEP_WEEKLY=4\nKEEP_MONTHLY=\"12\"\n"
                + "BACKUP_ROOT=/srv/from-file\n");
        ReceiverSettings s = ReceiverMain.loadSettings(Map.of(ReceiverMain.CONFIG_ENV, file.toString(),
                "BACKUP_ROOT", "/srv/from-env", "HOME", "/root"));
        assertThat(s.luksDevice()).contains(Path.of("/dev/sdb1"));
        assertThat(s.keepMonthly()).isEqualTo(12);
        assertThat(s.backupRoot()).isEqualTo(Path.of("/srv/from-env"));
        assertThat(ReceiverMain.loadSettings(Map.of(ReceiverMain.CONFIG_ENV, tmp.resolve("absent").toString())))
                .isEqualTo(ReceiverSettings.defaults());
    }

    @Test
    void defaultsFileErrorsNameTheLine() throws Exception {
        Path file = tmp.resolve("bad");
        Files.writeString(file, "KEEP_DAILY=7\n$(reboot)\n");
        assertThatThrownBy(() -> new MinimalDefaultsFile(file).load()).hasMessageContaining("line 2");
    }
}
