package org.btrfssendbackup.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.btrfssendbackup.producer.testing.ConfigFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} with TEXTFILE_DIR writes btrfs-send-backup.prom there, also when the run fails
 * before it starts (here: the broker cannot be reached), and says so when it cannot.
 */
class TextfileRunTest {

    @TempDir
    Path dir;

    /** A broker that is not there: a closed loopback port, one connect attempt. */
    private String[] unreachableBroker() throws Exception {
        Path password = Files.writeString(dir.resolve("producer.password"), "secret\n");
        return new String[] {"BROKER_URL='tcp://127.0.0.1:" + closedPort()
                + "?reconnectAttempts=0&initialConnectAttempts=1'", "BROKER_USER=producer",
                "BROKER_PASSWORD_FILE=" + password,
                // its local store-and-forward broker under the test's directory, not /var/lib/btrfs-send-backup
                "LOCAL_BROKER_DIR=" + dir.resolve("broker-local")};
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String[] with(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    @Test
    void aRunThatCannotReachTheBrokerIsExportedAsFailing() throws Exception {
        Path textfiles = Files.createDirectories(dir.resolve("textfiles"));
        Path conf = ConfigFiles.prodConf(dir, Path.of("/mnt/btrfs-root"), dir,
                with("TEXTFILE_DIR=" + textfiles, unreachableBroker()));
        ConfigCheckTest.Run run = ConfigCheckTest.cli("run", "--config", conf.toString());
        assertThat(run.status()).as(run.err()).isEqualTo(1);
        String text = Files.readString(textfiles.resolve("btrfs-send-backup.prom"));
        assertThat(text).contains("btrfs_backup_set_status{host=", "set=\"prod-srv/rootfs\",status=\"failing\"} 1.0",
                "btrfs_backup_last_run_timestamp_seconds{")
                .doesNotContain("btrfs_backup_last_success_timestamp_seconds{");
        assertThat(Files.readString(dir.resolve("last-sent.history"))).contains("lastFailure=");
    }

    @Test
    void aMissingTextfileDirIsAWarningNamingTheKeyNotAFailure() throws Exception {
        Path missing = dir.resolve("no-such-dir");
        Path conf = ConfigFiles.prodConf(dir, Path.of("/mnt/btrfs-root"), dir,
                with("TEXTFILE_DIR=" + missing, unreachableBroker()));
        ConfigCheckTest.Run run = ConfigCheckTest.cli("run", "--config", conf.toString());
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("warning: TEXTFILE_DIR " + missing + " is not a directory");
    }
}
