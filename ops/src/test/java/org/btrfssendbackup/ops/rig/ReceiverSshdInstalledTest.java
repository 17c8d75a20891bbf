package org.btrfssendbackup.ops.rig;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.btrfssendbackup.core.lab.LoopbackSshd;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.protocol.ReceiverCommand;
import org.btrfssendbackup.core.protocol.ReceiverOverSsh;
import org.btrfssendbackup.core.testing.SystemTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore benchmark's receiver: sshd's forced command runs the installed wrapper itself
 * (here the deployed ops/deploy/backup-srv/btrfs-backup-receive, with a LIB whose
 * receiver.classpath lists this JVM's class path, as install.sh's lists the installed jars). sshd
 * clears the environment, so this passes only when the forced command hands the wrapper its LIB
 * (else it looks in /usr/local/lib/btrfs-send-backup, not installed on a test machine) and its
 * config (else the receiver lists its default BACKUP_ROOT, not this store).
 */
class ReceiverSshdInstalledTest {

    @Test
    void theForcedCommandRunsTheInstalledWrapperWithItsLibAndConfig(@TempDir Path work) throws Exception {
        SystemTests.assumeTool("sshd");
        SystemTests.assumeTool("ssh");
        Path lib = Files.createDirectories(work.resolve("lib"));
        Files.writeString(lib.resolve("receiver.classpath"), System.getProperty("java.class.path") + "\n");
        Path store = Files.createDirectories(work.resolve("store"));
        String stored = "prod-srv-rootfs-20260101T020500Z.full.btrfs.gpg";
        Files.createFile(Files.createDirectories(store.resolve("prod-srv/rootfs")).resolve(stored));
        // surefire runs in the module directory (ops/)
        Path wrapper = Path.of("deploy", "backup-srv", "btrfs-backup-receive");

        try (LoopbackSshd sshd = ReceiverSshd.startInstalled(work, store, List.of(), wrapper, lib)) {
            ReceiverOverSsh receiver = new ReceiverOverSsh(sshd.client(), new LocalProcessRunner());

            assertThat(receiver.call(new ReceiverCommand.Version(), Duration.ofSeconds(60))).contains("\"protocol\"");
            assertThat(receiver.call(new ReceiverCommand.ListSet(BackupSetName.of("prod-srv/rootfs")),
                    Duration.ofSeconds(60))).contains(stored);
        }
        assertThat(Files.readString(work.resolve("btrfs-backup-receive-installed")))
                .contains("export BTRFS_SEND_BACKUP_LIB='" + lib.toAbsolutePath() + "'")
                .contains("exec '" + wrapper.toAbsolutePath() + "' \"$@\"");
    }
}
