package org.btrfssendbackup.receiver.btrfs;

import org.btrfssendbackup.core.protocol.ReceiverExit;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.process.CommandResult;
import org.btrfssendbackup.core.testing.BackupSrvVm;
import org.btrfssendbackup.core.testing.SeedBackupSrv;
import org.btrfssendbackup.core.lab.LoopBtrfs;
import org.btrfssendbackup.core.testing.SystemTests;
import org.btrfssendbackup.core.tools.CryptsetupArgs;
import org.btrfssendbackup.receiver.PutStreamTest;
import org.btrfssendbackup.receiver.Receiver;
import org.btrfssendbackup.receiver.ReceiverMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * remote-btrfs end to end, for real: the backup-srv VM (whose kernel has device-mapper) with a
 * LUKS-formatted virtio disk holding btrfs, set up as the seed's README sets up backup-srv
 * (the locked btrfs-ingest user, the sudo rule, the forced command, /etc/default/
 * btrfs-backup-receive), and this machine as prod-srv: real snapshots on a loop btrfs, their
 * real send streams, sent over ssh to the forced command. One VM serves the class; every test
 * starts from a closed volume (close-luks is idempotent) and uses its own backup set.
 */
class RemoteBtrfsVmTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String MAPPING = SeedBackupSrv.MAPPING;
    static final String MOUNT = SeedBackupSrv.MOUNT;
    static final String RECEIVED = SeedBackupSrv.RECEIVED;
    static final String RECEIVER = SeedBackupSrv.RECEIVER;

    @TempDir
    static Path dir;

    static BackupSrvVm vm;
    static LoopBtrfs prodDisk;
    static ProdSnapshots prod;
    static Path ingestKey;
    /** The seed's LUKS key file: openssl rand -base64 64, two lines. */
    static byte[] luksKey;
    static Instant classStarted;

    record Result(int status, String stdout, String stderr) {
        JsonNode json() throws IOException {
            return JSON.readTree(stdout);
        }
    }

    @BeforeAll
    static void boot() throws Exception {
        classStarted = Instant.now();
        SystemTests.assumeLoopBtrfs();
        SystemTests.assumeTool("sudo");
        luksKey = SeedBackupSrv.newLuksKey();
        Path disk = dir.resolve("backup-disk.img");
        try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
            file.setLength(320L << 20);
        }
        prodDisk = LoopBtrfs.create();
        prod = new ProdSnapshots(prodDisk.mountPoint());
        Path vmDir = Files.createDirectories(dir.resolve("vm"));
        vm = BackupSrvVm.start(vmDir, disk);
        System.out.println("backup-srv VM: sshd answered " + seconds(vm.bootTime()) + " after QEMU started");
        SeedBackupSrv.setUp(vm, ReceiverMain.class.getName(), receiverClassPath(), luksKey, 1);
        ingestKey = SeedBackupSrv.authorizeIngestKey(vm, dir.resolve("prod-srv-btrfs-backup"));
        System.out.println("backup-srv VM: set up after " + seconds(Duration.between(classStarted, Instant.now())));
    }

    @AfterAll
    static void shutDown() throws InterruptedException {
        try {
            if (vm != null) {
                vm.close();
            }
        } finally {
            if (prodDisk != null) {
                prodDisk.close();
            }
        }
        System.out.println("backup-srv VM: test class took " + seconds(Duration.between(classStarted, Instant.now())));
    }

    /** The receiver as installed on backup-srv: the host's JDK and build output, seen at the same paths in the VM. */
    private static List<String> receiverClassPath() {
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            // production classes only (test-classes hold a logback-test.xml)
            if (!entry.endsWith("test-classes") && !entry.endsWith("-tests.jar")) {
                classPath.add(entry);
            }
        }
        return classPath;
    }


    /** By root's shared ssh connection: a receiver call costs seconds of emulated JVM start. */
    @BeforeEach
    void startClosed() {
        ok("if mountpoint -q " + MOUNT + "; then umount " + MOUNT + "; fi; if cryptsetup status " + MAPPING
                + " >/dev/null; then cryptsetup close " + MAPPING + "; fi");
        assertClosedInside();
    }

    @Test
    void aWrongKeyIsRefusedAndLeavesNothingOpenOrMounted() throws Exception {
        byte[] almost = luksKey.clone();
        almost[3] ^= 1;

        Result refused = ssh("open-luks", almost);

        assertThat(refused.status()).as(refused.stderr()).isEqualTo(ReceiverExit.REFUSED);
        assertThat(refused.stderr()).isEqualTo("btrfs-backup-receive: refused: wrong LUKS key for /dev/vda; nothing opened\n");
        assertThat(refused.stdout()).isEmpty();
        assertClosedInside();
    }

    @Test
    void opensReceivesAFullAndAnIncrementalListsPrunesAndCloses() throws Exception {
        String set = "prod-srv/rootfs";
        String s1 = snapshotName(Duration.ofDays(2));
        String s2 = snapshotName(Duration.ofDays(1));
        prod.snapshot(s1, "etc-hostname", "prod-srv\n");
        prod.snapshot(s2, "var-log", "between the snapshots\n");
        byte[] full = prod.fullStream(s1);
        byte[] incr = prod.incrementalStream(s2, s1);

        Result opened = ssh("open-luks", luksKey);
        assertThat(opened.status()).as(opened.stderr()).isZero();
        assertThat(opened.json().get("status").asText()).isEqualTo("opened");
        assertThat(opened.json().get("mapping").asText()).isEqualTo("/dev/mapper/" + MAPPING);
        assertThat(root("cryptsetup status " + MAPPING).exitStatus()).isZero();
        assertThat(root("mountpoint -q " + MOUNT).exitStatus()).isZero();
        Result again = ssh("open-luks", luksKey);
        assertThat(again.status()).as(again.stderr()).isZero();
        assertThat(again.json().get("status").asText()).isEqualTo("already-open");

        Result first = ssh("receive " + set + " " + s1, full);
        Result second = ssh("receive " + set + " " + s2 + " " + s1, incr);

        assertThat(first.status()).as(first.stderr()).isZero();
        assertThat(second.status()).as(second.stderr()).isZero();
        assertThat(first.json().get("bytes").asLong()).isEqualTo(full.length);
        assertThat(second.json().get("sha256").asText()).isEqualTo(PutStreamTest.sha256(incr));
        String s2Uuid = prod.btrfs.show(prod.snapshotDir.resolve(s2)).uuid().toString();
        assertThat(second.json().get("received_uuid").asText()).isEqualTo(s2Uuid);
        Result list = ssh("list " + set, new byte[0]);
        assertThat(list.status()).as(list.stderr()).isZero();
        assertThat(list.stdout().lines().map(RemoteBtrfsVmTest::json).toList())
                .extracting(l -> l.get("snapshot").asText() + " " + l.get("read_only").asBoolean())
                .containsExactly(s1 + " true", s2 + " true");
        // a received snapshot is its own restore: its files are the source's
        assertThat(ok("cd " + RECEIVED + "/" + set + "/" + s2 + " && find . -type f | sort | xargs sha256sum"))
                .isEqualTo(checksums(prod.snapshotDir.resolve(s2)));

        Result pruned = ssh("prune-received " + set, new byte[0]);
        assertThat(pruned.status()).as(pruned.stderr()).isZero();
        assertThat(pruned.json().get("kept").asInt()).isEqualTo(1);
        assertThat(pruned.json().get("deleted").toString()).isEqualTo("[\"" + s1 + "\"]");
        assertThat(ok("ls " + RECEIVED + "/" + set)).isEqualTo(s2 + "\n");

        Result closed = ssh("close-luks", new byte[0]);
        assertThat(closed.status()).as(closed.stderr()).isZero();
        assertThat(closed.json().get("status").asText()).isEqualTo("closed");
        assertClosedInside();
        // what was received is on the encrypted disk: it is there after reopening
        ok("cryptsetup open --key-file=- " + BackupSrvVm.diskInVm(0) + " " + MAPPING, luksKey);
        ok("mount -o ro /dev/mapper/" + MAPPING + " " + MOUNT);
        assertThat(ok("btrfs subvolume show " + RECEIVED + "/" + set + "/" + s2)).contains("Received UUID: \t\t" + s2Uuid);
    }

    @Test
    void aCutConnectionMidReceiveLeavesNothingThatLooksReceivedAndCloseLuksStillCloses() throws Exception {
        String set = "prod-srv/cut";
        String big = snapshotName(Duration.ofHours(3));
        byte[] data = new byte[12 << 20];
        new Random(5).nextBytes(data);
        Files.write(prod.source.resolve("big"), data);
        prod.snapshot(big, "marker", "big\n");
        byte[] full = prod.fullStream(big);
        assertThat(ssh("open-luks", luksKey).status()).isZero();

        // a stream that simply ends early: exit 1, nothing left
        Result truncated = ssh("receive " + set + " " + big, java.util.Arrays.copyOf(full, full.length / 3));
        assertThat(truncated.status()).as(truncated.stderr()).isEqualTo(ReceiverExit.FAILED);
        assertThat(truncated.stderr()).contains("failed: receive " + set + "/" + big);
        assertThat(receivedEntries(set)).isEmpty();

        // a connection that dies while the receive is running
        Process ssh = new ProcessBuilder(vm.sshCommand("btrfs-ingest", ingestKey, "receive " + set + " " + big))
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream in = ssh.getOutputStream()) {
                in.write(full, 0, full.length - 4096);
                Thread.sleep(120_000); // never finishes on its own
            } catch (IOException | InterruptedException cut) {
                // the connection is killed below
            }
        });
        awaitInVm("test -d " + RECEIVED + "/" + set + "/" + big, Duration.ofSeconds(90));
        ssh.destroyForcibly();
        assertThat(ssh.waitFor(10, TimeUnit.SECONDS)).isTrue();
        writer.cancel(true);
        // a pattern that does not match the shell running pgrep
        awaitInVm("! pgrep -f 'receiver[.]" + ReceiverMain.class.getSimpleName() + "'", Duration.ofSeconds(90));

        assertThat(receivedEntries(set)).as("no subvolume of the cut receive is left").isEmpty();

        Result closed = ssh("close-luks", new byte[0]);
        assertThat(closed.status()).as(closed.stderr()).isZero();
        assertThat(closed.json().get("status").asText()).isEqualTo("closed");
        assertClosedInside();
    }

    private static String snapshotName(Duration ago) {
        return SnapshotName.of("prod-srv-rootfs", Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(ago)).value();
    }

    private static List<String> receivedEntries(String set) {
        String out = ok("ls -A " + RECEIVED + "/" + set + " 2>/dev/null || true");
        return out.lines().filter(name -> !name.startsWith(".")).toList();
    }

    private static void assertClosedInside() {
        assertThat(root(CryptsetupArgs.status(MAPPING).toString()).exitStatus()).as("mapping closed")
                .isEqualTo(CryptsetupArgs.NO_SUCH_DEVICE);
        assertThat(root("mountpoint -q " + MOUNT).exitStatus()).as("not mounted").isNotZero();
    }

    private static void awaitInVm(String condition, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (root(condition).exitStatus() != 0) {
            assertThat(Instant.now()).as("waiting in the VM for: " + condition).isBefore(deadline);
            Thread.sleep(300);
        }
    }

    private static String checksums(Path directory) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "find . -type f | sort | xargs sha256sum").directory(directory.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        return out;
    }

    /** One ssh call with the restricted key, as the producer makes it. */
    private static Result ssh(String command, byte[] stdin) throws Exception {
        Path input = dir.resolve("stdin");
        Files.write(input, stdin);
        Process process = new ProcessBuilder(vm.sshCommand("btrfs-ingest", ingestKey, command))
                .redirectInput(input.toFile()).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getErrorStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err.get(), StandardCharsets.UTF_8));
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String ok(String command) {
        CommandResult result = root(command);
        assertThat(result.exitStatus()).as("'%s' in the VM: %s", command, result.stderrTail()).isZero();
        return result.stdoutText();
    }

    private static void ok(String command, byte[] stdin) {
        CommandResult result = vm.runAsRoot(command, stdin);
        assertThat(result.exitStatus()).as("'%s' in the VM: %s", command, result.stderrTail()).isZero();
    }

    private static CommandResult root(String command) {
        return vm.runAsRoot(command);
    }

    private static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
