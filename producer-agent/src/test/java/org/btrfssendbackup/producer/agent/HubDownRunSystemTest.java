package org.btrfssendbackup.producer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import org.btrfssendbackup.broker.BrokerFixture;
import org.btrfssendbackup.broker.BrokerRole;
import org.btrfssendbackup.broker.BrokerSettings;
import org.btrfssendbackup.broker.TcpAcceptorSettings;
import org.btrfssendbackup.core.net.LoopbackPorts;
import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.producer.OneShotRun;
import org.btrfssendbackup.producer.broker.BrokerConnection;
import org.btrfssendbackup.producer.testing.ProducerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker is not in the data path: with BROKER_URL naming a hub that is not running, a
 * one-shot run still makes and stores its backup (real btrfs, gpg, local Artemis broker), says
 * how many events wait, and the next start of the local broker forwards them to the hub once
 * it runs, each exactly once.
 */
class HubDownRunSystemTest {

    @TempDir
    Path dir;

    @Test
    void aRunWithTheHubDownStoresItsBackupAndItsEventsReachTheHubOnceLater() throws Exception {
        int hubPort = LoopbackPorts.free();
        BrokerSettings hubSettings = BrokerFixture.settings(dir.resolve("hub"))
                .withTcpAcceptor(new TcpAcceptorSettings("127.0.0.1", hubPort, null));
        Path hubPassword = dir.resolve("hub/passwords/producer.password");
        try (ProducerFixture f = ProducerFixture.create(dir,
                "BROKER_URL=tcp://127.0.0.1:" + hubPort, "BROKER_USER=producer", "BROKER_PASSWORD_FILE=" + hubPassword,
                "LOCAL_BROKER_DIR=" + dir.resolve("broker-local"), "BROKER_FORWARD_WAIT=1s")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            OneShotRun.Options options = new OneShotRun.Options(false, false, true, Duration.ofMinutes(2), AgentRuns.FAST_STEPS);
            int status = new OneShotRun(f.config, f.tools(), () -> BrokerConnection.open(f.config, dir.resolve("unused")),
                    options, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)).run();

            String stderr = err.toString(StandardCharsets.UTF_8);
            assertThat(status).as(stderr).isZero();
            assertThat(f.stateFile()).hasContent("prod-srv-rootfs-20260301T020500Z");
            assertThat(dir.resolve("backup-srv/prod-srv/rootfs/prod-srv-rootfs-20260301T020500Z.full.btrfs.gpg")).isRegularFile();
            JsonNode summary = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
            assertThat(summary.get("status").asText()).isEqualTo("ok");
            long waiting = summary.get("eventsAwaitingForward").asLong();
            assertThat(waiting).isGreaterThanOrEqualTo(5); // requested, snapshot, sent, prune request, completed
            assertThat(stderr).contains("notice: " + waiting + " events waiting to be forwarded to the broker at tcp://127.0.0.1:"
                    + hubPort, "(not reachable within BROKER_FORWARD_WAIT=1s)");

            // The hub comes back; the next start of the producer's broker (next run, or the service) forwards.
            try (BrokerFixture hub = BrokerFixture.start(hubSettings);
                 BrokerConnection next = BrokerConnection.open(f.config, dir.resolve("unused"))) {
                assertThat(next.forwardsToHub()).isTrue();
                assertThat(next.awaitForwarded(Duration.ofSeconds(30))).isZero();
                Map<String, Integer> perEvent = new TreeMap<>();
                Map<String, Integer> perType = new TreeMap<>();
                browseAudit(hub, perEvent, perType);
                assertThat(perEvent).hasSize((int) waiting);
                assertThat(perEvent.values()).containsOnly(1);
                assertThat(perType).containsEntry("BackupRequested", 1).containsEntry("SnapshotCreated", 1)
                        .containsEntry("StreamSent", 1).containsEntry("PruneRequested", 1).containsEntry("BackupCompleted", 1);
            }
        }
    }

    private static void browseAudit(BrokerFixture hub, Map<String, Integer> perEvent, Map<String, Integer> perType)
            throws Exception {
        try (Connection connection = hub.client(BrokerRole.OPERATOR).connect()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueBrowser browser = session.createBrowser(session.createQueue(Topology.fullyQualified(Topology.AUDIT_QUEUE)));
            for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements(); ) {
                Message m = (Message) e.nextElement();
                perEvent.merge(m.getStringProperty(Topology.PROPERTY_DUPLICATE_ID), 1, Integer::sum);
                perType.merge(m.getStringProperty(Topology.PROPERTY_TYPE), 1, Integer::sum);
            }
        }
    }
}
