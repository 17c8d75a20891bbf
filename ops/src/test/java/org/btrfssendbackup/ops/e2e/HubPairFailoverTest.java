package org.btrfssendbackup.ops.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import org.btrfssendbackup.broker.BrokerClient;
import org.btrfssendbackup.broker.BrokerFixture;
import org.btrfssendbackup.broker.BrokerMain;
import org.btrfssendbackup.broker.BrokerRole;
import org.btrfssendbackup.broker.BrokerSettings;
import org.btrfssendbackup.broker.HubForwardSettings;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.core.net.LoopbackPorts;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.BackupMode;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.messages.jms.EventPublisher;
import org.btrfssendbackup.ops.cli.ConsoleEnvironment;
import org.btrfssendbackup.ops.cli.OpsMain;
import org.btrfssendbackup.ops.console.Terminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topology 4, a hub that must not be lost: two real broker processes ({@code btrfs-backup-broker
 * -c FILE}, each with its own data directory and port) form a replicated primary/backup pair; a
 * producer's local broker in this JVM publishes a stream of events through its bridge, whose
 * BROKER_URL names both hubs. The primary is killed with SIGKILL mid-stream; the backup takes
 * over, the bridge follows it, publishing goes on, and afterwards the backup's audit holds every
 * event exactly once (by event id: what the dead primary had confirmed came over by replication,
 * what it had not was resent and is dropped once by the replicated duplicate id cache), and the
 * console, given the same two-host URL, lists the events and the status.
 */
class HubPairFailoverTest {

    private static final int EVENTS = 200;
    private static final int KILL_AFTER = 80;
    /** Events the primary had confirmed before it died, sent again from a rebuilt local journal. */
    private static final int RESENT = 20;
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration FAST = Duration.ofMillis(100);
    private static final DateTimeFormatter SNAPSHOT_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @TempDir
    Path root;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void killingThePrimaryMidStreamLosesAndDuplicatesNothingAndTheConsoleFollows() throws Exception {
        Path passwords = Files.createDirectories(root.resolve("passwords"));
        for (BrokerRole role : BrokerRole.values()) {
            BrokerFixture.writePassword(passwords.resolve(role.roleName() + ".password"), role.roleName() + "-secret");
        }
        BrokerFixture.writePassword(passwords.resolve("cluster.password"), "cluster-secret");
        int primaryPort = LoopbackPorts.free();
        int backupPort = LoopbackPorts.free();
        String pairUrl = "(tcp://127.0.0.1:" + primaryPort + ",tcp://127.0.0.1:" + backupPort + ")";

        List<Process> hubs = new ArrayList<>();
        try {
            // All three start at once, as they may in production: the backup waits for its primary, the
            // producer's bridge for an active hub.
            Process primary = startHub("hub-a", "primary", primaryPort, backupPort, passwords);
            hubs.add(primary);
            hubs.add(startHub("hub-b", "backup", backupPort, primaryPort, passwords));
            try (BrokerFixture local = BrokerFixture.start(localSettings("local", pairUrl, passwords))) {
                awaitLogLine(log("hub-b"), "passive and in sync", START);
                failOverMidStream(local, primary, pairUrl, passwords);
            }
        } finally {
            for (Process hub : hubs) {
                hub.destroyForcibly();
                hub.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private void failOverMidStream(BrokerFixture local, Process primary, String pairUrl, Path passwords) throws Exception {
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            events.add(completed(i));
        }
        AtomicInteger published = new AtomicInteger();
        // The first ones reach the primary, the active hub, and through it the backup's replica.
        publish(local, events.subList(0, RESENT), published);
        assertThat(local.broker().awaitForwarded(START)).as("events the primary has not confirmed").isZero();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread publisher = new Thread(() -> {
            try {
                publish(local, events.subList(RESENT, EVENTS), published);
            } catch (Exception e) {
                failure.set(e);
            }
        }, "failover-test-publisher");
        publisher.start();
        while (published.get() < KILL_AFTER && publisher.isAlive()) {
            Thread.sleep(5);
        }
        primary.destroyForcibly(); // SIGKILL: no goodbye to the backup, the bridge or the journal
        assertThat(primary.waitFor(30, TimeUnit.SECONDS)).isTrue();
        publisher.join(TimeUnit.MINUTES.toMillis(1));
        assertThat(failure.get()).as("publishing on the local broker never fails").isNull();
        assertThat(published.get()).isEqualTo(EVENTS);

        awaitLogLine(log("hub-b"), "took over", START);
        assertThat(local.broker().awaitForwarded(START)).as("events still waiting for the hub").isZero();
        Set<String> ids = new TreeSet<>(events.stream().map(e -> e.eventId().toString()).toList());
        BrokerClient operator = new BrokerClient(pairUrl, "operator", "operator-secret");
        Map<String, Integer> counts = auditCountsByEventId(operator);
        assertThat(counts.keySet()).as("every event reached the backup").isEqualTo(ids);
        assertThat(counts.values()).as("and none twice").containsOnly(1);

        // The first events reached the backup only by replication from the primary: sent again from a
        // rebuilt local journal, the backup drops them by event id, so the primary's duplicate id cache
        // came over with the journal.
        try (BrokerFixture rebuilt = BrokerFixture.start(localSettings("rebuilt", pairUrl, passwords))) {
            publish(rebuilt, events.subList(0, RESENT), new AtomicInteger());
            assertThat(rebuilt.broker().awaitForwarded(START)).isZero();
        }
        assertThat(auditCountsByEventId(operator)).as("after the resend").isEqualTo(counts);

        ConsoleEnvironment environment = new ConsoleEnvironment(Map.of(), Clock.systemUTC(), Terminal.none());
        String[] connection = {"--broker", pairUrl, "--password-file", passwords.resolve("operator.password").toString()};
        Console listed = console(environment, connection, "events", "list", "--set", "home", "--json");
        assertThat(listed.exit()).as(listed.err()).isZero();
        Set<String> listedIds = new TreeSet<>();
        ObjectMapper mapper = new ObjectMapper();
        for (String line : listed.out().strip().split("\n")) {
            listedIds.add(mapper.readTree(line).get("eventId").asText());
        }
        assertThat(listedIds).isEqualTo(ids);
        Console status = console(environment, connection, "status");
        assertThat(status.exit()).as(status.err()).isEqualTo(ExitCodes.OK);
        assertThat(status.out()).contains("home").contains("OK");
    }

    private BrokerSettings localSettings(String name, String pairUrl, Path passwords) throws IOException {
        return BrokerFixture.settings(root.resolve(name))
                .withForwardToHub(HubForwardSettings.to(pairUrl, "producer", passwords.resolve("producer.password"))
                        .withRetry(FAST, 2.0, FAST.multipliedBy(4)));
    }

    private static void publish(BrokerFixture local, List<EventEnvelope> events, AtomicInteger published) throws Exception {
        try (Connection connection = local.client(BrokerRole.PRODUCER).connect()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (EventPublisher publisher = new EventPublisher(session)) {
                for (EventEnvelope event : events) {
                    publisher.publish(event);
                    published.incrementAndGet();
                }
            }
        }
    }

    private Process startHub(String name, String role, int port, int peerPort, Path passwords) throws IOException {
        Path config = root.resolve(name + ".conf");
        Files.writeString(config, String.join("\n",
                "BROKER_NAME=" + name,
                "BROKER_DATA_DIR=" + root.resolve(name),
                "BROKER_PASSWORD_DIR=" + passwords,
                "BROKER_TCP_ACCEPTOR=127.0.0.1:" + port,
                "BROKER_HA_ROLE=" + role,
                "BROKER_HA_PEER=127.0.0.1:" + peerPort,
                ""));
        return new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                BrokerMain.class.getName(), "-c", config.toString()))
                .redirectErrorStream(true).redirectOutput(log(name).toFile()).start();
    }

    private Path log(String hub) {
        return root.resolve(hub + ".log");
    }

    private static EventEnvelope completed(int i) {
        Instant at = Instant.now();
        String snapshot = "home-" + SNAPSHOT_TIME.format(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i));
        return EventEnvelope.create(new BackupCompleted(snapshot, SnapshotKind.FULL, null, BackupMode.ENCRYPTED_STREAM,
                4096, null, at.minusSeconds(60), 60_000), "prod-srv", "home", "run-" + i, null);
    }

    private static Map<String, Integer> auditCountsByEventId(BrokerClient operator) throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        try (Connection connection = operator.connect()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueBrowser browser = session.createBrowser(session.createQueue(Topology.fullyQualified(Topology.AUDIT_QUEUE)));
            for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements(); ) {
                Message m = (Message) e.nextElement();
                counts.merge(m.getStringProperty(Topology.PROPERTY_DUPLICATE_ID), 1, Integer::sum);
            }
        }
        return counts;
    }

    private record Console(int exit, String out, String err) {
    }

    private static Console console(ConsoleEnvironment environment, String[] connection, String... args) {
        List<String> all = new ArrayList<>(List.of(connection));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = OpsMain.run(environment, new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Console(exit, out.toString(), err.toString());
    }

    private static void awaitLogLine(Path log, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no \"" + text + "\" in " + log + " within " + timeout + ":\n"
                + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }
}
