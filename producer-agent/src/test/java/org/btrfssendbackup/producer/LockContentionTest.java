package org.btrfssendbackup.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.btrfssendbackup.producer.testing.ConfigFiles;
import org.btrfssendbackup.producer.testing.LockHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second run while another process holds LOCK_FILE exits 3 and names the holder. */
class LockContentionTest {

    @TempDir
    Path dir;

    @Test
    void aSecondRunExitsThreeNamingTheHolder() throws Exception {
        Path conf = ConfigFiles.prodConf(dir, Path.of("/mnt/btrfs-root"), dir);
        Path lock = dir.resolve("lock");
        Process holder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), lock.toString()))
                .redirectErrorStream(true).start();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).isEqualTo("locked");

            ConfigCheckTest.Run run = ConfigCheckTest.cli("--config", conf.toString(), "--broker-dir",
                    dir.resolve("broker").toString());

            assertThat(run.status()).isEqualTo(3);
            assertThat(run.err()).contains("another backup run holds " + lock + " (pid " + holder.pid() + ", since ");
            assertThat(dir.resolve("broker")).as("nothing started before the lock").doesNotExist();
        } finally {
            holder.destroy();
            holder.waitFor();
        }
    }
}
