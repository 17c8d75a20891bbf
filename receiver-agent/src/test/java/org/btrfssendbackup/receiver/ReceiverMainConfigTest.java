package org.btrfssendbackup.receiver;

import org.btrfssendbackup.core.protocol.ReceiverExit;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.btrfssendbackup.core.config.ReceiverConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where ReceiverMain takes its settings from: core's ReceiverConfig, one file, no environment overrides. */
class ReceiverMainConfigTest {

    @TempDir
    Path tmp;

    @Test
    void readsTheSeedFileNamedByTheEnvironmentAndNoKeysFromTheEnvironment() throws Exception {
        Path file = tmp.resolve("btrfs-backup-receive");
        Files.writeString(file, "# seed example\nLUKS_DEVICE=/dev/sdb1\nLUKS_NAME=btrfs_backup\nLUKS_MOUNT=/mnt/btrfs-backup\n"
                + "RECEIVED_ROOT=/mnt/btrfs-backup/received\nKEEP_DAILY=7\nKEEP_WEEKLY=4\nKEEP_MONTHLY=\"12\"\n"
                + "BACKUP_ROOT=/srv/from-file\nMAX_FUTURE_SKEW=5m\n");
        ReceiverConfig config = ReceiverMain.loadConfig(Map.of(ReceiverMain.CONFIG_ENV, file.toString(),
                "BACKUP_ROOT", "/srv/from-env"));
        assertThat(config.backupRoot()).isEqualTo(Path.of("/srv/from-file"));
        assertThat(config.luks()).hasValueSatisfying(l -> assertThat(l.device()).isEqualTo(Path.of("/dev/sdb1")));
        assertThat(config.keep().keepMonthly()).isEqualTo(12);
        assertThat(config.maxFutureSkew()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.broker().url()).isEmpty();
    }

    @Test
    void aMissingFileMeansTheDefaults() {
        assertThat(ReceiverMain.loadConfig(Map.of(ReceiverMain.CONFIG_ENV, tmp.resolve("absent").toString())))
                .isEqualTo(ReceiverConfig.defaults());
    }

    @Test
    void aConfigErrorIsExitStatus1WithTheFileLineAndKeyOnOneStderrLine() throws Exception {
        Path file = tmp.resolve("bad");
        Files.writeString(file, "KEEP_DAILY=7\nBACKUP_ROOT=$(reboot)\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ReceiverMain.run(new String[] {"version"}, Map.of(ReceiverMain.CONFIG_ENV, file.toString()),
                new ByteArrayInputStream(new byte[0]), out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(ReceiverExit.FAILED);
        assertThat(out.toByteArray()).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("btrfs-backup-receive: failed: " + file + ":2: BACKUP_ROOT: ")
                .hasLineCount(1);
    }

    @Test
    void anUnknownKeyIsAConfigErrorToo() throws Exception {
        Path file = tmp.resolve("typo");
        Files.writeString(file, "BACKUP_ROOT=/srv/b\nKEEP_DAILYS=7\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ReceiverMain.run(new String[] {"version"}, Map.of(ReceiverMain.CONFIG_ENV, file.toString()),
                new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(ReceiverExit.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(file + ":2: KEEP_DAILYS").hasLineCount(1);
    }
}
