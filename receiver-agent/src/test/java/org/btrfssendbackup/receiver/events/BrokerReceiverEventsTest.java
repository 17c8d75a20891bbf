package org.btrfssendbackup.receiver.events;

import org.btrfssendbackup.core.protocol.ReceiveReply;
import org.btrfssendbackup.core.protocol.ReceiverExit;
import org.btrfssendbackup.messages.LocalHostName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.btrfssendbackup.broker.BrokerFixture;
import org.btrfssendbackup.core.config.LuksSettings;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.broker.BrokerRole;
import org.btrfssendbackup.broker.BrokerSettings;
import org.btrfssendbackup.broker.TcpAcceptorSettings;
import org.btrfssendbackup.core.net.LoopbackPorts;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.messages.event.BackupMode;
import org.btrfssendbackup.messages.event.CommandRefused;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.messages.event.StreamReceived;
import org.btrfssendbackup.messages.jms.QueueReader;
import org.btrfssendbackup.receiver.btrfs.PruneReceivedResult;
import org.btrfssendbackup.receiver.PutStreamTest;
import org.btrfssendbackup.receiver.Receiver;
import org.btrfssendbackup.receiver.btrfs.ReceiveResult;
import org.btrfssendbackup.receiver.ReceiverMain;
import org.btrfssendbackup.receiver.TestStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receiver's events against a real broker (with its real users and roles): what
 * ReceiverMain publishes, and that a broker it cannot reach changes neither the exit status
 * nor the reply, and costs seconds at most.
 */
class BrokerReceiverEventsTest {

    static final String SET = "prod-srv/rootfs";
    static final ObjectMapper JSON = new ObjectMapper();
    static final String AUDIT = Topology.fullyQualified(Topology.AUDIT_QUEUE);

    @TempDir
    Path tmp;

    record Outcome(int status, String stdout, String stderr, Duration took) {
    }

    @Test
    void aPutStreamPublishesAStreamReceivedThatDecodes() throws Exception {
        try (BrokerFixture broker = BrokerFixture.start(tmp.resolve("broker"))) {
            Path config = config(broker.broker().inVmUrl(), broker.passwordDirectory().resolve("receiver.password"));
            String snapshot = recentSnapshot();
            byte[] stream = TestStreams.encryptedLike(100_000, 11);

            Outcome put = run("put-stream " + SET + " " + snapshot + " full", config, stream);

            assertThat(put.status()).as(put.stderr()).isZero();
            assertThat(put.stderr()).isEmpty();
            assertThat(put.stdout().lines()).singleElement()
                    .satisfies(line -> assertThat(JSON.readTree(line).get("status").asText()).isEqualTo("stored"));
            List<EventEnvelope> events = audit(broker);
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo("StreamReceived");
                assertThat(e.host()).isEqualTo(LocalHostName.get());
                assertThat(e.backupSet()).isEqualTo(SET);
                assertThat(e.runId()).isNull();
                StreamReceived p = (StreamReceived) e.payload();
                assertThat(p.snapshot()).isEqualTo(snapshot);
                assertThat(p.kind()).isEqualTo(SnapshotKind.FULL);
                assertThat(p.parent()).isNull();
                assertThat(p.mode()).isEqualTo(BackupMode.ENCRYPTED_STREAM);
                assertThat(p.storedFile()).isEqualTo(SET + "/" + snapshot + ".full.btrfs.gpg");
                assertThat(p.bytes()).isEqualTo(stream.length);
                assertThat(p.sha256()).isEqualTo(PutStreamTest.sha256(stream));
                assertThat(p.alreadyStored()).isFalse();
                assertThat(p.remoteAddress()).isEqualTo("192.0.2.7");
            });

            Outcome again = run("put-stream " + SET + " " + snapshot + " full", config, stream);
            assertThat(again.status()).isZero();
            assertThat(audit(broker)).singleElement()
                    .satisfies(e -> assertThat(((StreamReceived) e.payload()).alreadyStored()).isTrue());
        }
    }

    @Test
    void aRefusedCommandPublishesCommandRefusedWithTheCommandWordOnly() throws Exception {
        try (BrokerFixture broker = BrokerFixture.start(tmp.resolve("broker"))) {
            Path config = config(broker.broker().inVmUrl(), broker.passwordDirectory().resolve("receiver.password"));
            byte[] stdin = "stdin-secret-marker".getBytes(StandardCharsets.UTF_8);

            Outcome refused = run("cat /etc/shadow", config, stdin);

            assertThat(refused.status()).isEqualTo(ReceiverExit.REFUSED);
            assertThat(refused.stdout()).isEmpty();
            assertThat(refused.stderr()).startsWith("btrfs-backup-receive: refused: ").hasLineCount(1);
            List<EventEnvelope> events = audit(broker);
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo("CommandRefused");
                assertThat(e.backupSet()).isNull();
                CommandRefused p = (CommandRefused) e.payload();
                assertThat(p.command()).isEqualTo("cat");
                assertThat(p.reason()).contains("unknown command").doesNotContain("stdin-secret-marker");
                assertThat(p.remoteAddress()).isEqualTo("192.0.2.7");
            });
        }
    }

    @Test
    void aBrokerThatRefusesConnectionsChangesNothingButOneStderrLine() throws Exception {
        Path password = tmp.resolve("receiver.password");
        BrokerFixture.writePassword(password, "receiver-secret");
        Path config = config("tcp://127.0.0.1:" + LoopbackPorts.free(), password);

        Outcome put = run("put-stream " + SET + " " + recentSnapshot() + " full", config,
                TestStreams.encryptedLike(10_000, 12));

        assertThat(put.status()).as(put.stderr()).isZero();
        assertThat(put.stdout().lines()).singleElement()
                .satisfies(line -> assertThat(JSON.readTree(line).get("status").asText()).isEqualTo("stored"));
        assertThat(put.stderr()).startsWith("btrfs-backup-receive: event not published: StreamReceived " + SET + "/")
                .hasLineCount(1);
        assertThat(put.took()).isLessThan(Duration.ofSeconds(20));

        Outcome refused = run("ls /", config, new byte[0]);
        assertThat(refused.status()).isEqualTo(ReceiverExit.REFUSED);
        assertThat(refused.stderr()).contains("event not published: CommandRefused ls").hasLineCount(2);
    }

    @Test
    void aBrokerThatNeverAnswersIsGivenUpAfterTheTimeout() throws Exception {
        Path password = tmp.resolve("receiver.password");
        BrokerFixture.writePassword(password, "receiver-secret");
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // and never answer
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Path config = config("tcp://127.0.0.1:" + silent.getLocalPort(), password);

            Outcome put = run("put-stream " + SET + " " + recentSnapshot() + " full", config,
                    TestStreams.encryptedLike(10_000, 13));

            assertThat(put.status()).as(put.stderr()).isZero();
            assertThat(put.stdout().lines()).hasSize(1);
            assertThat(put.stderr()).contains("event not published: StreamReceived").hasLineCount(1);
            assertThat(put.took()).isLessThan(BrokerReceiverEvents.DEFAULT_TIMEOUT.plusSeconds(10));
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void wrongCredentialsAreReportedAndDoNotChangeTheExitStatus() throws Exception {
        try (BrokerFixture broker = BrokerFixture.start(tmp.resolve("broker"))) {
            Path wrong = tmp.resolve("wrong.password");
            BrokerFixture.writePassword(wrong, "not-the-password");
            Path config = config(broker.broker().inVmUrl(), wrong);

            Outcome put = run("put-stream " + SET + " " + recentSnapshot() + " full", config,
                    TestStreams.encryptedLike(10_000, 14));

            assertThat(put.status()).isZero();
            assertThat(put.stderr()).contains("event not published: StreamReceived").hasLineCount(1);
            assertThat(audit(broker)).isEmpty();
        }
    }

    /**
     * The real program in its own JVM, with the production logging setup (the test-jars'
     * logback-test.xml, which logs to stdout, is left off the class path): with the broker
     * wired and Artemis' client loaded, stdout is exactly the one JSON reply.
     */
    @Test
    void stdoutOfAPutStreamWithTheBrokerWiredIsExactlyOneJsonLine() throws Exception {
        int port = LoopbackPorts.free();
        BrokerSettings settings = BrokerFixture.settings(tmp.resolve("broker"))
                .withTcpAcceptor(new TcpAcceptorSettings("127.0.0.1", port, null));
        try (BrokerFixture broker = BrokerFixture.start(settings)) {
            Path config = config("tcp://127.0.0.1:" + port, broker.passwordDirectory().resolve("receiver.password"));
            Path stream = tmp.resolve("stream.gpg");
            Files.write(stream, TestStreams.encryptedLike(50_000, 15));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-cp", productionClassPath(),
                    ReceiverMain.class.getName(), "put-stream " + SET + " " + recentSnapshot() + " full")
                    .redirectInput(stream.toFile())
                    .redirectError(tmp.resolve("stderr").toFile());
            builder.environment().put(ReceiverMain.CONFIG_ENV, config.toString());
            Process process = builder.start();
            byte[] stdout = process.getInputStream().readAllBytes();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String stderr = Files.readString(tmp.resolve("stderr"));

            assertThat(process.exitValue()).as(stderr).isZero();
            String out = new String(stdout, StandardCharsets.UTF_8);
            assertThat(out).endsWith("\n").hasLineCount(1);
            assertThat(JSON.readTree(out).get("status").asText()).isEqualTo("stored");
            assertThat(stderr).doesNotContain("event not published");
            assertThat(audit(broker)).singleElement().satisfies(e -> assertThat(e.type()).isEqualTo("StreamReceived"));
        }
    }

    @Test
    void theRemoteBtrfsEventsArePublishedHostWideOrForTheirSet() throws Exception {
        try (BrokerFixture broker = BrokerFixture.start(tmp.resolve("broker"))) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            BrokerReceiverEvents events = new BrokerReceiverEvents(() -> broker.client(BrokerRole.RECEIVER),
                    "backup-srv", java.util.Optional.of("192.0.2.7"), BrokerReceiverEvents.DEFAULT_TIMEOUT,
                    new PrintStream(err, true, StandardCharsets.UTF_8), java.time.Clock.systemUTC());
            LuksSettings luks = new LuksSettings(Path.of("/dev/sdb1"), "btrfs_backup", Path.of("/mnt/btrfs-backup"),
                    Path.of("/mnt/btrfs-backup/received"));
            BackupSetName set = BackupSetName.of(SET);
            SnapshotName snapshot = SnapshotName.parse("prod-srv-rootfs-20260131T020500Z");

            events.luksOpened(luks, false);
            events.snapshotReceived(new ReceiveResult(ReceiveReply.Status.RECEIVED, set, snapshot,
                    java.util.Optional.empty(), 10, "ab".repeat(32), java.util.UUID.randomUUID()), Duration.ofSeconds(1));
            events.receivedSnapshotPruned(set, SnapshotName.parse("prod-srv-rootfs-20260101T020500Z"),
                    Path.of("/mnt/btrfs-backup/received/prod-srv/rootfs/prod-srv-rootfs-20260101T020500Z"));
            events.pruneReceivedCompleted(new PruneReceivedResult(set, new java.util.TreeMap<>(Map.of(snapshot.value(), "LATEST")),
                    List.of("prod-srv-rootfs-20260101T020500Z"), List.of()), Duration.ofMillis(5));
            events.luksClosed(luks, true);

            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
            assertThat(audit(broker)).extracting(e -> e.type() + " " + e.backupSet()).containsExactly(
                    "LuksOpened null", "StreamReceived " + SET, "SnapshotPruned " + SET, "PruneCompleted " + SET,
                    "LuksClosed null");
        }
    }

    @Test
    void afterOneBrokerFailureTheRestOfTheCommandsEventsAreNotAttempted() throws Exception {
        Path password = tmp.resolve("receiver.password");
        BrokerFixture.writePassword(password, "receiver-secret");
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String url = "tcp://127.0.0.1:" + LoopbackPorts.free();
        BrokerReceiverEvents events = new BrokerReceiverEvents(() -> {
            attempts.incrementAndGet();
            return org.btrfssendbackup.broker.BrokerClient.withPasswordFile(url, "receiver", password);
        }, "backup-srv", java.util.Optional.empty(), BrokerReceiverEvents.DEFAULT_TIMEOUT,
                new PrintStream(err, true, StandardCharsets.UTF_8), java.time.Clock.systemUTC());
        BackupSetName set = BackupSetName.of(SET);

        for (int i = 1; i <= 5; i++) {
            events.receivedSnapshotPruned(set, SnapshotName.parse("prod-srv-rootfs-2026010" + i + "T020500Z"),
                    Path.of("/mnt/btrfs-backup/received/x"));
        }

        assertThat(attempts).hasValue(1);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).hasSize(5)
                .allMatch(line -> line.startsWith("btrfs-backup-receive: event not published: SnapshotPruned " + SET))
                .filteredOn(line -> line.contains("not attempted")).hasSize(4);
    }

    private Path config(String brokerUrl, Path passwordFile) throws IOException {
        Path root = Files.createDirectories(tmp.resolve("backup-root"));
        Path file = tmp.resolve("btrfs-backup-receive.conf");
        Files.writeString(file, String.join("\n",
                "BACKUP_ROOT='" + root + "'",
                "BROKER_URL='" + brokerUrl + "'",
                "BROKER_USER=receiver",
                "BROKER_PASSWORD_FILE='" + passwordFile + "'",
                ""));
        return file;
    }

    private Outcome run(String command, Path config, byte[] stdin) {
        Map<String, String> env = new HashMap<>();
        env.put(ReceiverMain.CONFIG_ENV, config.toString());
        env.put("SSH_CLIENT", "192.0.2.7 52044 22");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int status = ReceiverMain.run(new String[] {command}, env, new ByteArrayInputStream(stdin), out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** Everything on the audit queue now (the operator may read it; the receiver may not). */
    private static List<EventEnvelope> audit(BrokerFixture broker) throws Exception {
        try (Connection connection = broker.client(BrokerRole.OPERATOR).connect()) {
            connection.start();
            return QueueReader.drainEvents(connection, AUDIT, 500);
        }
    }

    /** A snapshot a minute old: within the receiver's clock-skew check against the real clock. */
    private static String recentSnapshot() {
        return "prod-srv-rootfs-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.now().minusSeconds(60));
    }

    private static String productionClassPath() throws IOException {
        List<String> kept = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!holdsLogbackTestConfig(Path.of(entry))) {
                kept.add(entry);
            }
        }
        return String.join(java.io.File.pathSeparator, kept);
    }

    private static boolean holdsLogbackTestConfig(Path entry) throws IOException {
        if (Files.isDirectory(entry)) {
            return Files.exists(entry.resolve("logback-test.xml"));
        }
        if (!Files.isRegularFile(entry)) {
            return false;
        }
        try (ZipFile jar = new ZipFile(entry.toFile())) {
            return jar.getEntry("logback-test.xml") != null;
        }
    }
}
