package org.btrfssendbackup.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.btrfssendbackup.core.metrics.RunHistory;
import org.btrfssendbackup.core.metrics.SetHealth;
import org.btrfssendbackup.producer.monitor.HistoryFile;
import org.btrfssendbackup.producer.testing.ConfigFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code on-failure UNIT}, as the timer's failure unit calls it: a run that died without recording
 * its end is recorded and told through ALERT_COMMAND; a failure the run told itself is not told again.
 */
class OnFailureCommandTest {

    @TempDir
    Path dir;

    @Test
    void aRunThatDiedSilentlyIsRecordedAndToldOnce() throws Exception {
        Path calls = dir.resolve("calls");
        Path script = Files.writeString(dir.resolve("alert.sh"),
                "#!/bin/sh\necho \"$BTRFS_BACKUP_STATUS $(cat)\" >> " + calls + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Path textfiles = Files.createDirectories(dir.resolve("textfiles"));
        Path conf = ConfigFiles.prodConf(dir, Path.of("/mnt/btrfs-root"), dir, "ALERT_COMMAND=" + script,
                "TEXTFILE_DIR=" + textfiles);
        Path history = dir.resolve("last-sent.history");
        HistoryFile.write(history, RunHistory.NONE.succeeded(Instant.now().minusSeconds(60), Duration.ofSeconds(1), 1)
                .notifiedOf(SetHealth.OK));

        ConfigCheckTest.Run first = ConfigCheckTest.cli("on-failure", "btrfs-send-backup-run.service", "--config",
                conf.toString());
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(HistoryFile.read(history).lastFailure()).contains("btrfs-send-backup-run.service failed",
                "journalctl -u btrfs-send-backup-run.service");
        assertThat(Files.readAllLines(calls)).singleElement().asString().startsWith("failing {")
                .contains("\"backupSet\":\"prod-srv/rootfs\"");
        assertThat(Files.readString(textfiles.resolve("btrfs-send-backup.prom")))
                .contains("set=\"prod-srv/rootfs\",status=\"failing\"} 1.0");

        ConfigCheckTest.Run again = ConfigCheckTest.cli("on-failure", "btrfs-send-backup-run.service", "--config",
                conf.toString());
        assertThat(again.status()).isZero();
        assertThat(Files.readAllLines(calls)).as("already told").hasSize(1);
    }
}
