package org.btrfssendbackup.ops.e2e;

import org.btrfssendbackup.core.protocol.ReceiverCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.Compression;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.stream.StreamEncoder;
import org.btrfssendbackup.core.lab.LoopBtrfs;
import org.btrfssendbackup.core.lab.LoopbackSshd;
import org.btrfssendbackup.core.testing.SystemTests;
import org.btrfssendbackup.core.tools.SshArgs;
import org.btrfssendbackup.messages.jms.PermanentStepException;
import org.btrfssendbackup.ops.rig.ReceiverSshd;
import org.btrfssendbackup.producer.upload.SshStreamUploader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The producer's uploader against the real receiver on a full backup disk (a small loop btrfs
 * nearly filled by a file), over sshd: the upload fails as permanent with the receiver's
 * "no space left on backup-srv" line first, and nothing partial is left in the set.
 */
class NoSpaceUploadSystemTest {

    private static final BackupSetName SET = BackupSetName.of("prod-srv/rootfs");
    private static final SnapshotName SNAPSHOT = SnapshotName.parse("prod-srv-rootfs-20260301T020500Z");

    @TempDir
    Path work;

    @Test
    void anUploadThatDoesNotFitFailsPermanentlyWithTheReceiversCause() throws Exception {
        SystemTests.assumeLoopBtrfs();
        SystemTests.assumeTool("sshd");
        SystemTests.assumeTool("fallocate");
        try (LoopBtrfs disk = LoopBtrfs.create(160L << 20)) {
            Path root = Files.createDirectories(disk.mountPoint().resolve("backups"));
            long usable = Files.getFileStore(root).getUsableSpace();
            assertThat(new ProcessBuilder("fallocate", "-l", Long.toString(usable - (24L << 20)),
                    disk.mountPoint().resolve("filler").toString()).inheritIO().start().waitFor()).isZero();
            long left = Files.getFileStore(root).getUsableSpace();
            try (LoopbackSshd sshd = ReceiverSshd.start(work, root)) {
                SshArgs ssh = sshd.client();
                SshStreamUploader uploader = new SshStreamUploader(new LocalProcessRunner(), ssh, Duration.ofSeconds(30));
                ReceiverCommand.PutStream request = new ReceiverCommand.PutStream(SET, SNAPSHOT, StreamKind.FULL, Optional.empty(),
                        Compression.NONE);

                Throwable failure = catchThrowable(() -> uploader.putStream(request, transport -> {
                    try (Passphrase passphrase = Passphrase.ofChars("test only".toCharArray())) {
                        return new StreamEncoder(passphrase, Compression.NONE)
                                .encode(randomBytes(left + (32L << 20)), transport);
                    }
                }));

                assertThat(failure).as(sshd.log()).isInstanceOf(PermanentStepException.class)
                        .hasMessageStartingWith("upload of prod-srv/rootfs/" + SNAPSHOT + " to ")
                        .hasMessageContaining("btrfs-backup-receive: no space left on backup-srv: put-stream")
                        .hasMessageContaining("receiver exit status 3");
                assertThat(failure.getMessage().indexOf("no space left"))
                        .as("the cause before the argv").isLessThan(failure.getMessage().indexOf("`ssh"));
                try (Stream<Path> files = Files.list(root)) {
                    assertThat(files.toList()).as("no partial file, no lock file, no set directory").isEmpty();
                }
            }
        }
    }

    private static InputStream randomBytes(long size) {
        SplittableRandom random = new SplittableRandom(11);
        return new InputStream() {
            private long left = size;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) random.nextInt();
                }
                left -= n;
                return n;
            }
        };
    }
}
