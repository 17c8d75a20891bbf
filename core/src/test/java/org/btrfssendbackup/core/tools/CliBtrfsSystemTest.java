package org.btrfssendbackup.core.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.process.RunningProcess;
import org.btrfssendbackup.core.process.StdinSource;
import org.btrfssendbackup.core.lab.LoopBtrfs;
import org.btrfssendbackup.core.testing.SystemTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** CliBtrfs on two real loop-mounted btrfs filesystems: "prod" and "backup". */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliBtrfsSystemTest {

    private final ProcessRunner runner = new LocalProcessRunner();
    private final Btrfs btrfs = new CliBtrfs(runner);
    private LoopBtrfs prod;
    private LoopBtrfs backup;
    private Path data;
    private Path snaps;
    private Path received;

    @BeforeAll
    void createFilesystems() throws IOException {
        SystemTests.assumeLoopBtrfs();
        prod = LoopBtrfs.create();
        backup = LoopBtrfs.create();
        data = prod.mountPoint().resolve("@data");
        runner.run(CommandLine.of("btrfs", "subvolume", "create", data.toString()));
        snaps = Files.createDirectory(prod.mountPoint().resolve("snapshots"));
        received = Files.createDirectories(backup.mountPoint().resolve("received/prod-srv/rootfs"));
        Files.writeString(data.resolve("a.txt"), "first version\n");
    }

    @AfterAll
    void removeFilesystems() {
        try {
            if (prod != null) {
                prod.close();
            }
        } finally {
            if (backup != null) {
                backup.close();
            }
        }
    }

    @Test
    @Order(1)
    void snapshotIsReadOnly() {
        btrfs.createReadOnlySnapshot(data, snaps.resolve("s1"));
        assertThat(btrfs.isReadOnly(snaps.resolve("s1"))).isTrue();
        assertThat(btrfs.isReadOnly(data)).isFalse();
        SubvolumeInfo info = btrfs.show(snaps.resolve("s1"));
        assertThat(info.name()).isEqualTo("s1");
        assertThat(info.readOnly()).isTrue();
        assertThat(info.parentUuid()).contains(btrfs.show(data).uuid());
        assertThat(info.receivedUuid()).isEmpty();
    }

    @Test
    @Order(2)
    void fullSendIsReceivedReadOnlyWithReceivedUuid() throws IOException {
        transfer(Optional.empty(), "s1");
        SubvolumeInfo got = btrfs.show(received.resolve("s1"));
        assertThat(got.readOnly()).isTrue();
        assertThat(got.receivedUuid()).contains(btrfs.show(snaps.resolve("s1")).uuid());
        assertThat(Files.readString(received.resolve("s1/a.txt"))).isEqualTo("first version\n");
    }

    @Test
    @Order(3)
    void incrementalSendAppliesTheChange() throws IOException {
        Files.writeString(data.resolve("a.txt"), "second version\n");
        Files.writeString(data.resolve("b.txt"), "new file\n");
        btrfs.createReadOnlySnapshot(data, snaps.resolve("s2"));
        long incrementalBytes = transfer(Optional.of(snaps.resolve("s1")), "s2");
        assertThat(Files.readString(received.resolve("s2/a.txt"))).isEqualTo("second version\n");
        assertThat(Files.readString(received.resolve("s2/b.txt"))).isEqualTo("new file\n");
        assertThat(btrfs.show(received.resolve("s2")).receivedUuid()).contains(btrfs.show(snaps.resolve("s2")).uuid());
        assertThat(incrementalBytes).isPositive();
    }

    @Test
    @Order(4)
    void listsSnapshotsDirectlyInADirectory() {
        assertThat(btrfs.listSnapshots(snaps)).containsExactly(snaps.resolve("s1"), snaps.resolve("s2"));
        assertThat(btrfs.listSnapshots(received)).containsExactly(received.resolve("s1"), received.resolve("s2"));
    }

    @Test
    @Order(5)
    void truncatedStreamFailsAndLeavesNoReceivedUuid() throws IOException {
        byte[] stream = sendToBytes(snaps.resolve("s2"), Optional.empty());
        Path partialDir = Files.createDirectories(backup.mountPoint().resolve("partial"));
        RunningProcess receive = btrfs.receive(partialDir);
        try (OutputStream in = receive.stdin()) {
            in.write(stream, 0, stream.length / 2);
        }
        assertThatThrownBy(receive::await).isInstanceOf(ProcessFailedException.class)
                .hasMessageContaining("receive into " + partialDir);
        Path half = partialDir.resolve("s2");
        if (Files.exists(half)) { // btrfs creates the subvolume before the data arrives
            assertThat(btrfs.show(half).receivedUuid()).isEmpty();
            btrfs.deleteSubvolume(half);
        }
    }

    @Test
    @Order(6)
    void dumpParsesAStreamWithoutWriting() throws IOException {
        byte[] stream = sendToBytes(snaps.resolve("s1"), Optional.empty());
        String dump = runner.run(BtrfsArgs.receiveDump(), StdinSource.bytes(stream)).stdoutText();
        assertThat(dump).contains("subvol").contains("write           ./s1/a.txt");
    }

    @Test
    @Order(7)
    void deleteRemovesTheSubvolume() {
        btrfs.deleteSubvolume(received.resolve("s1"));
        btrfs.sync(backup.mountPoint());
        assertThat(received.resolve("s1")).doesNotExist();
        assertThat(btrfs.listSnapshots(received)).containsExactly(received.resolve("s2"));
    }

    @Test
    @Order(8)
    void failuresNameTheOperationAndPath() {
        Path missing = snaps.resolve("does-not-exist");
        assertThatThrownBy(() -> btrfs.show(missing)).isInstanceOf(ProcessFailedException.class)
                .hasMessageContaining("show subvolume " + missing).hasMessageContaining("exit status");
    }

    @Test
    @Order(9)
    void mountPointsAreRecognised() {
        Mounts mounts = new CliMounts(runner);
        assertThat(mounts.isMountPoint(backup.mountPoint())).isTrue();
        assertThat(mounts.isMountPoint(received)).isFalse();
        assertThat(mounts.isMountPoint(backup.mountPoint().resolve("nowhere"))).isFalse();
    }

    private long transfer(Optional<Path> parent, String name) throws IOException {
        try (RunningProcess send = btrfs.send(snaps.resolve(name), parent);
             RunningProcess receive = btrfs.receive(received)) {
            long bytes;
            try (OutputStream in = receive.stdin()) {
                bytes = send.stdout().transferTo(in);
            }
            send.await();
            receive.await();
            return bytes;
        }
    }

    private byte[] sendToBytes(Path snapshot, Optional<Path> parent) throws IOException {
        try (RunningProcess send = btrfs.send(snapshot, parent)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            send.stdout().transferTo(out);
            send.await();
            assertThat(out.toString(StandardCharsets.ISO_8859_1)).startsWith("btrfs-stream");
            return out.toByteArray();
        }
    }
}
