package org.btrfssendbackup.receiver;

import org.btrfssendbackup.core.protocol.ReceiverExit;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.btrfssendbackup.core.lab.LoopBtrfs;
import org.btrfssendbackup.core.lab.LoopbackSshd;
import org.btrfssendbackup.core.testing.SystemTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full backup disk, for real: BACKUP_ROOT on a small loop btrfs that a file has nearly
 * filled, and a put-stream over sshd larger than what is left. The receiver answers with its
 * own outcome (exit 3, one line "no space left on backup-srv: ..." with the free and the needed
 * bytes) and leaves no partial file.
 */
class NoSpaceSystemTest {

    static final String SET = "prod-srv/rootfs";
    static final String S1 = "prod-srv-rootfs-20260131T020500Z";

    @TempDir
    Path tmp;

    @Test
    void anUploadThatDoesNotFitIsAnsweredWithExitStatus3AndLeavesNothing() throws Exception {
        ReceiverOverSshTest.requireSshd();
        SystemTests.assumeLoopBtrfs();
        SystemTests.assumeTool("fallocate");
        try (LoopBtrfs disk = LoopBtrfs.create(160L << 20)) {
            Path root = Files.createDirectories(disk.mountPoint().resolve("backups"));
            long usable = Files.getFileStore(root).getUsableSpace();
            Path filler = disk.mountPoint().resolve("filler");
            assertThat(new ProcessBuilder("fallocate", "-l", Long.toString(usable - (24L << 20)), filler.toString())
                    .inheritIO().start().waitFor()).isZero();
            long left = Files.getFileStore(root).getUsableSpace();
            Path stream = tmp.resolve("stream");
            Files.write(stream, TestStreams.encryptedLike((int) left + (32 << 20), 5));

            // no reserve: this is the kernel's own ENOSPC (the reserve has its own test)
            try (LoopbackSshd sshd = ReceiverOverSshTest.startReceiverSshd(tmp, root, "RESERVE_FREE_BYTES=0\n")) {
                ReceiverOverSshTest.Result put = ReceiverOverSshTest.ssh(sshd,
                        "put-stream " + SET + " " + S1 + " full compression=none", stream);

                assertThat(put.status()).as(put.stderr()).isEqualTo(ReceiverExit.NO_SPACE);
                assertThat(put.stderr().lines().toList()).as(put.stderr()).singleElement().asString()
                        .startsWith("btrfs-backup-receive: no space left on backup-srv: put-stream " + SET + "/" + S1)
                        .contains("No space left on device", "bytes free, more than", "bytes needed", "nothing stored");
                assertThat(put.stdout()).isEmpty();
                try (Stream<Path> files = Files.list(root)) {
                    assertThat(files.toList()).as("no partial file, no lock file, no set directory").isEmpty();
                }
            }
        }
    }
}
