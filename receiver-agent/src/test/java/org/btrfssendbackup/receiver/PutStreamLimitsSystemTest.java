package org.btrfssendbackup.receiver;

import org.btrfssendbackup.core.protocol.ReceiverExit;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.btrfssendbackup.core.lab.LoopBtrfs;
import org.btrfssendbackup.core.lab.LoopbackSshd;
import org.btrfssendbackup.core.testing.SystemTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The put-stream limits through the real forced command behind a real sshd, with the settings in
 * the receiver's config file: refused calls leave the store tree as it was (issue 15 item 2),
 * and MAX_STREAM_BYTES and the free-space reserve cut uploads on a real small btrfs (item 6).
 */
class PutStreamLimitsSystemTest {

    static final String SET = "prod-srv/rootfs";
    static final String S1 = "prod-srv-rootfs-20260131T020500Z";
    static final String S2 = "prod-srv-rootfs-20260201T020500Z";

    @TempDir
    Path tmp;

    @Test
    void refusedPutStreamsOverSshLeaveTheStoreAsItWas() throws Exception {
        ReceiverOverSshTest.requireSshd();
        Path root = Files.createDirectories(tmp.resolve("backup-root"));
        Path plain = Files.writeString(tmp.resolve("plain"), "plaintext that must not be stored\n");
        Path stream = Files.write(tmp.resolve("stream"), TestStreams.encryptedLike(100_000, 3));
        try (LoopbackSshd sshd = ReceiverOverSshTest.startReceiverSshd(tmp, root)) {
            for (String[] call : List.of(
                    new String[] {"put-stream " + SET + " prod-srv-rootfs-29990101T000000Z full", stream.toString(), "2"},
                    new String[] {"put-stream " + SET + " " + S1 + " full", plain.toString(), "2"},
                    new String[] {"put-stream " + SET + " " + S2 + " incr " + S1, stream.toString(), "1"})) {
                ReceiverOverSshTest.Result result = ReceiverOverSshTest.ssh(sshd, call[0], Path.of(call[1]));

                assertThat(result.status()).as(call[0] + ": " + result.stderr()).isEqualTo(Integer.parseInt(call[2]));
                assertThat(StoreTree.of(root)).as(call[0]).isEmpty();
            }
        }
    }

    @Test
    void maxStreamBytesAndTheReserveCutUploadsOnARealBtrfs() throws Exception {
        ReceiverOverSshTest.requireSshd();
        SystemTests.assumeLoopBtrfs();
        try (LoopBtrfs disk = LoopBtrfs.create(160L << 20)) {
            Path root = Files.createDirectories(disk.mountPoint().resolve("backups"));
            long usable = Files.getFileStore(root).getUsableSpace();
            Path big = Files.write(tmp.resolve("big"), TestStreams.encryptedLike(24 << 20, 4));
            Path small = Files.write(tmp.resolve("small"), TestStreams.encryptedLike(2 << 20, 5));
            Path config = tmp.resolve("btrfs-backup-receive.conf");
            try (LoopbackSshd sshd = ReceiverOverSshTest.startReceiverSshd(tmp, root, "MAX_STREAM_BYTES=8M\n")) {
                ReceiverOverSshTest.Result tooBig = ReceiverOverSshTest.ssh(sshd, put(S1), big);
                assertThat(tooBig.status()).as(tooBig.stderr()).isEqualTo(ReceiverExit.NO_SPACE);
                assertThat(tooBig.stderr()).startsWith("btrfs-backup-receive: no space left on backup-srv: put-stream")
                        .contains("larger than MAX_STREAM_BYTES=8388608 bytes", "nothing stored").hasLineCount(1);
                assertThat(StoreTree.of(root)).isEmpty();

                // the config file is read on every call: now a reserve 12 MiB below what is free
                long reserve = usable - (12L << 20);
                Files.writeString(config, "BACKUP_ROOT='" + root + "'\nRESERVE_FREE_BYTES=" + reserve + "\n",
                        StandardCharsets.UTF_8);
                ReceiverOverSshTest.Result crossing = ReceiverOverSshTest.ssh(sshd, put(S1), big);
                assertThat(crossing.status()).as(crossing.stderr()).isEqualTo(ReceiverExit.NO_SPACE);
                assertThat(crossing.stderr()).contains("less than the free-space reserve RESERVE_FREE_BYTES=",
                        "(" + reserve + " bytes", "upload cut after", "nothing stored");
                assertThat(StoreTree.of(root)).isEmpty();

                // btrfs frees the cut temporary's extents at its next commit: measure again
                Files.writeString(config, "BACKUP_ROOT='" + root + "'\nRESERVE_FREE_BYTES="
                        + (Files.getFileStore(root).getUsableSpace() - (12L << 20)) + "\n", StandardCharsets.UTF_8);
                ReceiverOverSshTest.Result fits = ReceiverOverSshTest.ssh(sshd, put(S1), small);
                assertThat(fits.status()).as(fits.stderr()).isZero();

                Files.writeString(config, "BACKUP_ROOT='" + root + "'\nRESERVE_FREE_BYTES=1T\n", StandardCharsets.UTF_8);
                List<String> before = StoreTree.of(root);
                ReceiverOverSshTest.Result refused = ReceiverOverSshTest.ssh(sshd, put(S2), small);
                assertThat(refused.status()).as(refused.stderr()).isEqualTo(ReceiverExit.NO_SPACE);
                assertThat(refused.stderr()).contains("not more than the free-space reserve", "nothing stored");
                assertThat(StoreTree.of(root)).isEqualTo(before);
            }
        }
    }

    private static String put(String snapshot) {
        return "put-stream " + SET + " " + snapshot + " full compression=none";
    }
}
