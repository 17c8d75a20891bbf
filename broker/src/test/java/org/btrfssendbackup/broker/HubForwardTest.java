package org.btrfssendbackup.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import org.btrfssendbackup.core.net.LoopbackPorts;
import org.btrfssendbackup.messages.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A producer's local broker forwards every event to a hub broker over a core bridge on a
 * loopback TCP port (both real Artemis brokers in this JVM): events published while the hub is
 * down, restarting, or while the local broker restarts all arrive, each exactly once.
 */
class HubForwardTest {

    /** Retries every 100-400 ms instead of 2 s-5 min, so a test waits for the hub in well under a second. */
    private static final Duration FAST = Duration.ofMillis(100);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void eventsPublishedWhileTheHubIsDownArriveOnceWhenItStarts() throws Exception {
        BrokerSettings hubSettings = hub();
        try (BrokerFixture local = BrokerFixture.start(local(hubSettings))) {
            local.publish("e1", "BackupRequested", "home", "{}");
            local.publish("e2", "BackupCompleted", "home", "{}");
            local.publish("e3", "PruneRequested", "home", "{}");
            local.publish("e2", "BackupCompleted", "home", "{}"); // the same event again: dropped locally
            assertThat(local.broker().awaitForwarded(Duration.ofMillis(500))).isEqualTo(3);
            // The producer's own steps still get their trigger locally.
            assertThat(DeadLetterFlowTest.messageCount(local, Topology.PRODUCER_AGENT_QUEUE.name())).isEqualTo(1);

            try (BrokerFixture hub = BrokerFixture.start(hubSettings)) {
                assertThat(local.broker().awaitForwarded(WAIT)).isZero();
                assertThat(auditCountsByEventId(hub)).isEqualTo(Map.of("e1", 1, "e2", 1, "e3", 1));
                // The pruner at the hub gets its request; the producer's triggers are not queued there again.
                assertThat(DeadLetterFlowTest.messageCount(hub, Topology.PRUNER_AGENT_QUEUE.name())).isEqualTo(1);
                assertThat(DeadLetterFlowTest.messageCount(hub, Topology.PRODUCER_AGENT_QUEUE.name())).isZero();
                Message forwarded = browseAudit(hub).get(0);
                assertThat(forwarded.getStringProperty(Topology.PROPERTY_FORWARDED_FROM))
                        .isEqualTo(local.broker().settings().brokerName());
                // The hub records who sent it: the bridge's hub user, never a name the local side chose.
                assertThat(forwarded.getStringProperty("_AMQ_VALIDATED_USER")).isEqualTo("producer");
            }
        }
    }

    @Test
    void aHubRestartAndALocalBrokerRestartLoseAndDuplicateNothing() throws Exception {
        BrokerSettings hubSettings = hub();
        BrokerSettings localSettings = local(hubSettings);
        try (BrokerFixture hub = BrokerFixture.start(hubSettings);
             BrokerFixture local = BrokerFixture.start(localSettings)) {
            publish(local, "a", 5);
            assertThat(local.broker().awaitForwarded(WAIT)).isZero();
        }
        // Hub down (stopped above); the local broker restarts with events still waiting in its journal.
        try (BrokerFixture local = BrokerFixture.start(localSettings)) {
            publish(local, "b", 5);
            assertThat(local.broker().eventsAwaitingForward()).isEqualTo(5);
        }
        try (BrokerFixture local = BrokerFixture.start(localSettings)) {
            assertThat(local.broker().eventsAwaitingForward()).isEqualTo(5);
            publish(local, "c", 5);
            try (BrokerFixture hub = BrokerFixture.start(hubSettings)) {
                assertThat(local.broker().awaitForwarded(WAIT)).isZero();
            }
            // The hub restarts while the local broker keeps running: the bridge reconnects by itself.
            publish(local, "d", 5);
            try (BrokerFixture hub = BrokerFixture.start(hubSettings)) {
                assertThat(local.broker().awaitForwarded(WAIT)).isZero();
                Map<String, Integer> counts = auditCountsByEventId(hub);
                assertThat(counts).hasSize(20);
                assertThat(counts.values()).containsOnly(1);
            }
        }
    }

    @Test
    void theHubDropsAnEventItHasByItsEventIdEvenFromARebuiltLocalJournal() throws Exception {
        BrokerSettings hubSettings = hub();
        try (BrokerFixture hub = BrokerFixture.start(hubSettings)) {
            try (BrokerFixture local = BrokerFixture.start(local(hubSettings))) {
                publish(local, "x", 3);
                assertThat(local.broker().awaitForwarded(WAIT)).isZero();
            }
            // A new local journal (deleted, or another data directory) forwards the same events again.
            try (BrokerFixture rebuilt = BrokerFixture.start(local(hubSettings))) {
                publish(rebuilt, "x", 3);
                publish(rebuilt, "y", 1);
                assertThat(rebuilt.broker().awaitForwarded(WAIT)).isZero();
            }
            assertThat(auditCountsByEventId(hub)).isEqualTo(Map.of("x0", 1, "x1", 1, "x2", 1, "y0", 1));
        }
    }

    @Test
    void aBrokerOfItsOwnHasNoForwardQueueAndNothingAwaiting() throws Exception {
        try (BrokerFixture plain = BrokerFixture.start(dir.resolve("plain"))) {
            plain.publish("p", "BackupCompleted", "home", "{}");
            assertThat(plain.broker().eventsAwaitingForward()).isZero();
            assertThat(DeadLetterFlowTest.messageCount(plain, Topology.PRUNER_AGENT_QUEUE.name())).isZero();
        }
    }

    private BrokerSettings hub() throws Exception {
        return BrokerFixture.settings(dir.resolve("hub"))
                .withTcpAcceptor(new TcpAcceptorSettings("127.0.0.1", LoopbackPorts.free(), null));
    }

    private BrokerSettings local(BrokerSettings hub) throws Exception {
        String url = "tcp://127.0.0.1:" + hub.tcp().orElseThrow().port();
        Path hubPassword = hub.users().stream().filter(u -> u.role() == BrokerRole.PRODUCER).findFirst().orElseThrow()
                .passwordFile();
        return BrokerFixture.settings(dir.resolve("local-" + System.nanoTime()))
                .withForwardToHub(HubForwardSettings.to(url, "producer", hubPassword).withRetry(FAST, 2.0, FAST.multipliedBy(4)));
    }

    private static void publish(BrokerFixture broker, String prefix, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            broker.publish(prefix + i, i % 2 == 0 ? "StreamSent" : "BackupCompleted", "home", "{}");
        }
    }

    private static Map<String, Integer> auditCountsByEventId(BrokerFixture hub) throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        for (Message m : browseAudit(hub)) {
            counts.merge(m.getStringProperty(Topology.PROPERTY_DUPLICATE_ID), 1, Integer::sum);
        }
        return counts;
    }

    private static List<Message> browseAudit(BrokerFixture hub) throws Exception {
        try (Connection connection = hub.client(BrokerRole.OPERATOR).connect()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueBrowser browser = session.createBrowser(session.createQueue(Topology.fullyQualified(Topology.AUDIT_QUEUE)));
            List<Message> messages = new ArrayList<>();
            for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements(); ) {
                messages.add((Message) e.nextElement());
            }
            return Collections.unmodifiableList(messages);
        }
    }
}
