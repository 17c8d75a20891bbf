package org.btrfssendbackup.ops.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.btrfssendbackup.broker.BrokerFixture;
import org.btrfssendbackup.broker.RedeliverySettings;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.core.process.CommandResult;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.testing.BackupSrvVm;
import org.btrfssendbackup.core.testing.SeedBackupSrv;
import org.btrfssendbackup.core.lab.LoopBtrfs;
import org.btrfssendbackup.core.testing.SystemTests;
import org.btrfssendbackup.core.tools.CliBtrfs;
import org.btrfssendbackup.core.tools.CryptsetupArgs;
import org.btrfssendbackup.messages.jms.RedeliveryPolicy;
import org.btrfssendbackup.messages.jms.StepSettings;
import org.btrfssendbackup.ops.tree.TreeComparison;
import org.btrfssendbackup.producer.OneShotRun;
import org.btrfssendbackup.producer.broker.BrokerConnection;
import org.btrfssendbackup.producer.steps.ProducerTools;
import org.btrfssendbackup.receiver.ReceiverMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * BACKUP_MODE=remote-btrfs end to end: the REAL producer (its one-shot run through an embedded
 * broker, production tools: btrfs-progs and ssh) on a loop btrfs of this machine as prod-srv,
 * and the backup-srv VM (a kernel with device-mapper) set up as the seed's README sets up
 * backup-srv: the locked btrfs-ingest user, the sudo rule, the forced command running the
 * receiver, /etc/default/btrfs-backup-receive and a LUKS volume holding btrfs on /dev/vda.
 * One VM serves the class (booting it costs ~15 s of emulation); the runs build on each other,
 * hence the order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteBtrfsEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String MAPPING = SeedBackupSrv.MAPPING;
    static final String MOUNT = SeedBackupSrv.MOUNT;
    static final String RECEIVED = SeedBackupSrv.RECEIVED;
    static final String RECEIVER = SeedBackupSrv.RECEIVER;
    static final String SET = "prod-srv/rootfs";
    /** Small, so the third run prunes the first: the newest point of each of the 2 newest days. */
    static final int KEEP_DAILY = 2;
    /** One quick in-step try; the broker's fast redelivery does the retrying. */
    static final StepSettings QUICK_STEPS = new StepSettings(1, Duration.ZERO, Duration.ofMillis(100));

    @TempDir
    static Path dir;

    static BackupSrvVm vm;
    static LoopBtrfs prodDisk;
    static Path ingestKey;
    /** The seed's LUKS key file: openssl rand -base64 64, two lines, newline included. */
    static byte[] luksKey;
    static Instant classStarted;
    /** Snapshot times in the past (the receiver refuses future ones), one day apart, increasing. */
    static final Instant FIRST_RUN = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(3));

    record Run(int exitStatus, String out, String err) {
        JsonNode summary() throws IOException {
            return JSON.readTree(out.strip().lines().reduce((a, b) -> b).orElse("{}"));
        }
    }

    @BeforeAll
    static void boot() throws Exception {
        classStarted = Instant.now();
        SystemTests.assumeLoopBtrfs();
        for (String tool : new String[] {"sudo", "ssh", "ssh-keygen"}) {
            SystemTests.assumeTool(tool);
        }
        luksKey = SeedBackupSrv.newLuksKey();
        Path disk = dir.resolve("backup-disk.img");
        try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
            file.setLength(320L << 20);
        }
        prodDisk = LoopBtrfs.create();
        Path vmDir = Files.createDirectories(dir.resolve("vm"));
        vm = BackupSrvVm.start(vmDir, disk);
        System.out.println("backup-srv VM: sshd answered " + seconds(vm.bootTime()) + " after QEMU started");
        SeedBackupSrv.setUp(vm, ReceiverMain.class.getName(), receiverClassPath(), luksKey, KEEP_DAILY);
        setUpProdSrv();
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
        System.out.println("remote-btrfs end to end: test class took "
                + seconds(Duration.between(classStarted, Instant.now())));
    }

    @Test
    @Order(1)
    void fullIncrementalAndAPrunedThirdRunAreReceivedAndTheNewestRestoresIdentically() throws Exception {
        writeSource("etc/hostname", "prod-srv\n");
        byte[] data = new byte[3 << 20];
        new Random(7).nextBytes(data);
        Files.write(source().resolve("var-lib-data.bin"), data);
        Run first = produce(prodConf(luksKey, SET), FIRST_RUN);
        assertSucceeded(first);
        assertThat(first.summary().get("kind").asText()).isEqualTo("full");
        String s1 = first.summary().get("snapshot").asText();
        assertClosedInside();

        writeSource("var/log/messages", "between the first and the second run\n");
        Run second = produce(prodConf(luksKey, SET), FIRST_RUN.plus(Duration.ofDays(1)));
        assertSucceeded(second);
        assertThat(second.summary().get("kind").asText()).isEqualTo("incr");
        assertThat(second.summary().get("parent").asText()).isEqualTo(s1);
        String s2 = second.summary().get("snapshot").asText();
        assertClosedInside();
        assertThat(receivedInside(SET)).as("list shows both, read-only, with the sources' UUIDs as received UUIDs")
                .containsExactly(received(s1), received(s2));

        Files.delete(source().resolve("etc/hostname"));
        writeSource("var/log/messages", "rewritten before the third run\n");
        Run third = produce(prodConf(luksKey, SET), FIRST_RUN.plus(Duration.ofDays(2)));
        assertSucceeded(third);
        assertThat(third.summary().get("kind").asText()).isEqualTo("incr");
        assertThat(third.summary().get("parent").asText()).isEqualTo(s2);
        String s3 = third.summary().get("snapshot").asText();
        assertClosedInside();
        // KEEP_DAILY=2, weekly and monthly 0: the first is pruned, the latest (next parent) kept
        assertThat(receivedInside(SET)).containsExactly(received(s2), received(s3));

        assertRestoresIdentically(s3);
    }

    @Test
    @Order(2)
    void aWrongLuksKeyFailsTheRunAndLeavesNothingOpenOrMountedInside() throws Exception {
        byte[] almost = luksKey.clone();
        almost[5] ^= 1;
        writeSource("after-the-third-run", "never received\n");

        // one delivery: each attempt is an open-luks refusal and a close-luks, ~25 s emulated
        Run run = produce(prodConf(almost, "prod-srv/wrong-key"), FIRST_RUN.plus(Duration.ofDays(2)).plus(Duration.ofHours(6)),
                1);

        assertThat(run.exitStatus()).as(run.out() + run.err()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("backup failed", "wrong LUKS key");
        assertClosedInside();
        assertThat(vm.runAsRoot("pgrep -f 'receiver[.]" + ReceiverMain.class.getSimpleName() + "'").exitStatus())
                .as("no receiver left running").isNotZero();
    }

    // --- prod-srv ---------------------------------------------------------------------------

    private static void setUpProdSrv() throws Exception {
        CommandResult created = new LocalProcessRunner().run(org.btrfssendbackup.core.process.CommandLine.of(
                "btrfs", "subvolume", "create", source().toString()));
        assertThat(created.exitStatus()).isZero();
        Files.createDirectories(prodDisk.mountPoint().resolve("@backup-snapshots"));
        Files.createDirectories(dir.resolve("state"));
        ingestKey = SeedBackupSrv.authorizeIngestKey(vm, dir.resolve("prod-srv-btrfs-backup"));
    }

    private static Path source() {
        return prodDisk.mountPoint().resolve("@rootfs");
    }

    private static void writeSource(String relative, String content) throws IOException {
        Path file = source().resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** The seed's prod.conf for remote-btrfs, with a private LUKS_KEY_FILE holding {@code key}. */
    private static ProducerConfig prodConf(byte[] key, String set) throws IOException {
        Path keyFile = dir.resolve("luks-key");
        Files.deleteIfExists(keyFile);
        Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(keyFile, key);
        Path top = prodDisk.mountPoint();
        Path conf = dir.resolve("prod.conf");
        Files.writeString(conf, String.join("\n",
                "SOURCE_TOP=" + top,
                "SOURCE_SUBVOL=@rootfs",
                "SNAPSHOT_DIR=" + top.resolve("@backup-snapshots"),
                "SNAPSHOT_PREFIX=prod-srv-rootfs",
                "STATE_FILE=" + dir.resolve("state").resolve("last-sent-" + set.replace('/', '-')),
                "BACKUP_SSH_TARGET=btrfs-ingest@127.0.0.1",
                "BACKUP_SSH_PORT=" + vm.sshPort(),
                "BACKUP_SSH_IDENTITY_FILE=" + ingestKey,
                "BACKUP_SSH_KNOWN_HOSTS=" + vm.knownHosts(),
                "BACKUP_SET=" + set,
                "BACKUP_MODE=remote-btrfs",
                "LUKS_KEY_FILE=" + keyFile,
                "FULL_INTERVAL_DAYS=36500",
                "SERVICES_TO_QUIESCE=()",
                "LOCK_FILE=" + dir.resolve("state").resolve("lock"),
                ""));
        return ProducerConfig.load(conf);
    }

    /** One run of the real producer (the CLI's one-shot path, embedded broker) at {@code at}. */
    private static Run produce(ProducerConfig config, Instant at) throws Exception {
        return produce(config, at, BrokerFixture.FAST_REDELIVERY.maxDeliveryAttempts());
    }

    private static Run produce(ProducerConfig config, Instant at, int deliveryAttempts) throws Exception {
        Instant started = Instant.now();
        ProducerTools tools = ProducerTools.production(config, new LocalProcessRunner(), "prod-srv")
                .withClock(Clock.fixed(at, ZoneOffset.UTC));
        RedeliverySettings fast = BrokerFixture.FAST_REDELIVERY;
        var settings = BrokerFixture.settings(Files.createDirectories(dir.resolve("broker"))).withRedelivery(
                new RedeliverySettings(fast.delay(), fast.multiplier(), fast.maxDelay(), deliveryAttempts));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OneShotRun.Options options = new OneShotRun.Options(false, false, true, Duration.ofMinutes(3),
                QUICK_STEPS.withRedelivery(new RedeliveryPolicy(fast.delay(), fast.multiplier(), fast.maxDelay(),
                        deliveryAttempts)));
        int status = new OneShotRun(config, tools, () -> BrokerConnection.embedded(settings), options,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run();
        Run run = new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("producer run of " + config.backupSet() + " at " + at + ": exit " + status + " after "
                + seconds(Duration.between(started, Instant.now())) + "\n" + run.out() + run.err());
        return run;
    }

    private static void assertSucceeded(Run run) throws IOException {
        assertThat(run.exitStatus()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.summary().get("status").asText()).isEqualTo("ok");
    }

    // --- backup-srv (the VM) ----------------------------------------------------------------

    /** The receiver as installed on backup-srv: the host's JDK and build output, seen at the same paths in the VM. */
    private static List<String> receiverClassPath() {
        List<String> classDirectories = new ArrayList<>();
        List<String> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String absolute = Path.of(entry).toAbsolutePath().toString();
            // production classes only (test-classes hold a logback-test.xml), and not ops' own
            // classes, which the receiver does not need (every entry is read over 9p on an
            // emulated CPU)
            if (absolute.endsWith("test-classes") || absolute.endsWith("-tests.jar")
                    || absolute.endsWith("/ops/target/classes")) {
                continue;
            }
            (absolute.endsWith(".jar") ? jars : classDirectories).add(absolute);
        }
        // the project's classes first: the class loader opens every jar before the one that
        // has a class, each over 9p on an emulated CPU
        List<String> classPath = new ArrayList<>(classDirectories);
        classPath.addAll(jars);
        return classPath;
    }


    /** What list must say of a snapshot received from this host's {@code snapshot}: read-only, its UUID as received UUID. */
    private static String received(String snapshot) {
        Path local = prodDisk.mountPoint().resolve("@backup-snapshots").resolve(snapshot);
        return snapshot + " read_only=true received_uuid=" + new CliBtrfs(new LocalProcessRunner()).show(local).uuid();
    }

    /**
     * The received-snapshot lines of the receiver's own {@code list SET}, run by root with the
     * volume opened read-only for the look and closed again (through the forced command it would
     * cost two more receiver starts: open-luks and close-luks).
     */
    private static List<String> receivedInside(String set) throws IOException {
        openReadOnlyInside();
        try {
            List<String> lines = new ArrayList<>();
            for (String line : ok(RECEIVER + " 'list " + set + "'").lines().toList()) {
                JsonNode json = JSON.readTree(line);
                if ("received-snapshot".equals(json.path("type").asText())) {
                    lines.add(json.get("snapshot").asText() + " read_only=" + json.get("read_only").asBoolean()
                            + " received_uuid=" + json.get("received_uuid").asText());
                }
            }
            return lines;
        } finally {
            closeInside();
        }
    }

    /** btrfs send of the received snapshot in the VM, btrfs receive here, compared with the source snapshot. */
    private static void assertRestoresIdentically(String snapshot) throws Exception {
        Path stream = vm.vmDir().resolve("restore.stream");
        openReadOnlyInside();
        try {
            ok("btrfs send -q -f " + vm.inVm(stream) + " " + RECEIVED + "/" + SET + "/" + snapshot);
        } finally {
            closeInside();
        }
        try (LoopBtrfs restoreDisk = LoopBtrfs.create()) {
            CommandResult restored = new LocalProcessRunner().run(org.btrfssendbackup.core.process.CommandLine.of(
                    "btrfs", "receive", "-f", stream.toString(), restoreDisk.mountPoint().toString()));
            assertThat(restored.exitStatus()).as(restored.stderrTail()).isZero();
            Path expected = prodDisk.mountPoint().resolve("@backup-snapshots").resolve(snapshot);
            assertThat(new TreeComparison().compare(expected, restoreDisk.mountPoint().resolve(snapshot)))
                    .as("restored %s against its source", snapshot).isEmpty();
            assertThat(restoreDisk.mountPoint().resolve(snapshot).resolve("var/log/messages"))
                    .hasContent("rewritten before the third run");
        } finally {
            Files.deleteIfExists(stream);
        }
    }

    private static void openReadOnlyInside() {
        ok("cryptsetup open --readonly --key-file=- " + BackupSrvVm.diskInVm(0) + " " + MAPPING, luksKey);
        ok("mount -o ro /dev/mapper/" + MAPPING + " " + MOUNT);
    }

    private static void closeInside() {
        ok("if mountpoint -q " + MOUNT + "; then umount " + MOUNT + "; fi; if cryptsetup status " + MAPPING
                + " >/dev/null; then cryptsetup close " + MAPPING + "; fi");
    }

    private static void assertClosedInside() {
        assertThat(vm.runAsRoot(CryptsetupArgs.status(MAPPING).toString()).exitStatus()).as("mapping closed")
                .isEqualTo(CryptsetupArgs.NO_SUCH_DEVICE);
        assertThat(vm.runAsRoot("mountpoint -q " + MOUNT).exitStatus()).as("not mounted").isNotZero();
        assertThat(vm.runAsRoot("grep -c ' " + MOUNT + " ' /proc/mounts").stdoutText().strip()).isEqualTo("0");
    }

    private static String ok(String command) {
        CommandResult result = vm.runAsRoot(command);
        assertThat(result.exitStatus()).as("'%s' in the VM: %s", command, result.stderrTail()).isZero();
        return result.stdoutText();
    }

    private static void ok(String command, byte[] stdin) {
        CommandResult result = vm.runAsRoot(command, stdin);
        assertThat(result.exitStatus()).as("'%s' in the VM: %s", command, result.stderrTail()).isZero();
    }

    private static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
