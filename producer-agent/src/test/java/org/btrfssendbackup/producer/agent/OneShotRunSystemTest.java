package org.btrfssendbackup.producer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.producer.testing.ProducerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole runs through a real embedded broker, real btrfs and real gpg, with the test uploader
 * in place of ssh: full, then incremental, then what the state file and local retention did.
 */
class OneShotRunSystemTest {

    @TempDir
    Path dir;

    @Test
    void fullThenIncrementalMoveTheStateAndPruneLocalSnapshots() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir, "LOCAL_KEEP_DAILY=0", "LOCAL_KEEP_WEEKLY=0",
                "LOCAL_KEEP_MONTHLY=0", "SERVICES_TO_QUIESCE=(nginx)")) {
            Path foreign = f.snapshotDir().resolve("other-prefix-20200101T000000Z");
            Files.createDirectories(f.snapshotDir());
            new LocalProcessRunner().run(CommandLine.of("btrfs", "subvolume", "snapshot", "-r",
                    f.config.sourceSubvolume().toString(), foreign.toString()));

            AgentRuns.Result first = AgentRuns.run(f, f.tools(), dir.resolve("broker"), false);
            assertThat(first.exitStatus()).as(first.err()).isZero();
            assertThat(first.out()).contains("ServicesQuiesced", "SnapshotCreated", "ServicesResumed", "StreamSent",
                    "BackupCompleted", "prod-srv-rootfs-20260301T020500Z (full)");
            assertThat(f.stateFile()).hasContent("prod-srv-rootfs-20260301T020500Z");
            assertThat(Path.of(f.stateFile() + ".last-full")).hasContent("prod-srv-rootfs-20260301T020500Z");
            assertThat(Path.of(f.stateFile() + ".pending")).doesNotExist();

            Files.writeString(f.config.sourceSubvolume().resolve("hello.txt"), "changed\n");
            f.clock.advance(Duration.ofDays(1));
            AgentRuns.Result second = AgentRuns.run(f, f.tools(), dir.resolve("broker"), true);
            assertThat(second.exitStatus()).as(second.err()).isZero();
            assertThat(second.out().trim()).startsWith("{\"status\":\"ok\"").contains("\"kind\":\"incr\"",
                    "\"parent\":\"prod-srv-rootfs-20260301T020500Z\"");
            assertThat(f.stateFile()).hasContent("prod-srv-rootfs-20260302T020500Z");
            assertThat(Path.of(f.stateFile() + ".last-full")).hasContent("prod-srv-rootfs-20260301T020500Z");
            assertThat(dir.resolve("backup-srv/prod-srv/rootfs/prod-srv-rootfs-20260302T020500Z.incr.btrfs.gpg"))
                    .isRegularFile();

            // LOCAL_KEEP_*=0: only the latest (which is also STATE_FILE's) survives; foreign names are never touched.
            assertThat(f.snapshotDir().resolve("prod-srv-rootfs-20260301T020500Z")).doesNotExist();
            assertThat(f.snapshotDir().resolve("prod-srv-rootfs-20260302T020500Z")).isDirectory();
            assertThat(foreign).isDirectory();

            restoredWithStockTools(f, dir.resolve("backup-srv/prod-srv/rootfs"));
        }
    }

    @Test
    void aServiceLeftDownFailsTheRunWithExitOneNamingItThoughTheBackupIsStored() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir, "SERVICES_TO_QUIESCE=(nginx mysql)")) {
            f.systemctl.failToStart("mysql");

            AgentRuns.Result run = AgentRuns.run(f, f.tools(), dir.resolve("broker"), false);

            assertThat(run.exitStatus()).as(run.out()).isEqualTo(1);
            assertThat(run.err()).contains("backup failed: services mysql did not start again after the snapshot",
                    "systemctl start mysql");
            assertThat(run.out()).contains("ServiceRestartFailed", "BackupCompleted");
            assertThat(dir.resolve("backup-srv/prod-srv/rootfs/prod-srv-rootfs-20260301T020500Z.full.btrfs.gpg"))
                    .isRegularFile();
            assertThat(f.stateFile()).hasContent("prod-srv-rootfs-20260301T020500Z");
        }
    }

    /** gpg --decrypt | zstd -d | btrfs receive, in chain order, gives back the changed file. */
    private static void restoredWithStockTools(ProducerFixture f, Path stored) throws Exception {
        Path target = f.fs.mountPoint().resolve("restore");
        Files.createDirectories(target);
        Path passphrase = f.dir.resolve("passphrase");
        for (String file : new String[] {"prod-srv-rootfs-20260301T020500Z.full.btrfs.gpg",
                "prod-srv-rootfs-20260302T020500Z.incr.btrfs.gpg"}) {
            new LocalProcessRunner().run(CommandLine.of("sh", "-c", "gpg --batch --quiet --pinentry-mode loopback "
                    + "--passphrase-file \"$1\" --decrypt \"$2\" | zstd -d -q | btrfs receive -e \"$3\"", "restore",
                    passphrase.toString(), stored.resolve(file).toString(), target.toString()));
        }
        assertThat(target.resolve("prod-srv-rootfs-20260302T020500Z/hello.txt")).hasContent("changed");
    }
}
