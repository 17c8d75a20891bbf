package org.btrfssendbackup.producer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.btrfssendbackup.broker.BrokerFixture;
import org.btrfssendbackup.broker.BrokerManagement;
import org.btrfssendbackup.broker.BrokerRole;
import org.btrfssendbackup.broker.BrokerSettings;
import org.btrfssendbackup.broker.BrokerUser;
import org.btrfssendbackup.broker.HubForwardSettings;
import org.btrfssendbackup.broker.TcpAcceptorSettings;
import org.btrfssendbackup.core.net.LoopbackPorts;
import org.btrfssendbackup.messages.EventCodec;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.btrfssendbackup.messages.jms.EventPublisher;
import org.btrfssendbackup.producer.broker.BrokerConnection;
import org.btrfssendbackup.producer.broker.HubRequests;
import org.btrfssendbackup.producer.state.RunLock;
import org.btrfssendbackup.producer.steps.RunObserver;
import org.btrfssendbackup.producer.testing.ProducerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: a BackupRequested the console publishes at the hub for host prod-srv runs a backup
 * on prod-srv's service (its local broker forwarding to the hub, as with BROKER_URL naming the
 * hub; real btrfs, gpg and Artemis, the test uploader in place of ssh) and nothing on web2's,
 * which takes its own queue at the same hub; the hub's audit holds each event of the run once.
 */
class HubRequestSystemTest {

    @TempDir
    Path dir;

    @Test
    void aRequestPublishedAtTheHubForOneHostRunsOnThatHostsServiceOnly() throws Exception {
        BrokerSettings hubSettings = BrokerFixture.settings(dir.resolve("hub"))
                .withTcpAcceptor(new TcpAcceptorSettings("127.0.0.1", LoopbackPorts.free(), null));
        List<BrokerUser> users = new ArrayList<>(hubSettings.users());
        for (String host : List.of("prod-srv", "web2")) {
            Path file = dir.resolve("hub/passwords/" + host + ".password");
            BrokerFixture.writePassword(file, host + "-secret");
            users.add(new BrokerUser(host, BrokerRole.PRODUCER, file));
        }
        hubSettings = hubSettings.withUsers(users);
        String hubUrl = "tcp://127.0.0.1:" + hubSettings.tcp().orElseThrow().port();
        Duration fast = Duration.ofMillis(100);
        try (BrokerFixture hub = BrokerFixture.start(hubSettings);
             ProducerFixture f = ProducerFixture.create(dir, "BROKER_URL=" + hubUrl, "BROKER_USER=prod-srv",
                     "BROKER_PASSWORD_FILE=" + dir.resolve("hub/passwords/prod-srv.password"),
                     "LOCAL_BROKER_DIR=" + dir.resolve("broker-local"));
             BrokerConnection broker = BrokerConnection.open(f.config, dir.resolve("unused"));
             BrokerFixture web2Local = BrokerFixture.start(dir.resolve("web2-local"));
             HubRequests web2 = HubRequests.start(HubForwardSettings.to(hubUrl, "web2",
                             dir.resolve("hub/passwords/web2.password")).withRetry(fast, 2.0, fast),
                     web2Local.client(BrokerRole.PRODUCER).connectionFactory(), "web2", List.of("web2/rootfs"),
                     AgentRuns.FAST_STEPS)) {
            List<EventEnvelope> events = new CopyOnWriteArrayList<>();
            RunObserver recording = new RunObserver() {
                @Override
                public void onEvent(EventEnvelope event) {
                    events.add(event);
                }
            };
            try (ProducerAgent agent = ProducerAgent.start(f.config, f.tools(), broker.connectionFactory(),
                    new RunLock(f.config.lockFile(), f.clock), AgentRuns.FAST_STEPS, recording)) {
                Optional<HubRequests> requests = HubRequests.startFor(broker, "prod-srv", agent.backupSets(),
                        AgentRuns.FAST_STEPS);
                assertThat(requests).as("the service forwarding to a hub takes its requests there").isPresent();
                try (HubRequests prodSrv = requests.get()) {
                    waitUntil(Duration.ofSeconds(30), () -> prodSrv.connected() && web2.connected());
                    EventEnvelope request = EventEnvelope.create(new BackupRequested("ops-console", "operator", false),
                            "prod-srv", "prod-srv/rootfs", EventEnvelope.newRunId(), null);
                    try (Connection operator = hub.client(BrokerRole.OPERATOR).connect()) {
                        new EventPublisher(operator.createSession(false, Session.AUTO_ACKNOWLEDGE)).publish(request);
                    }

                    waitUntil(Duration.ofMinutes(2), () -> events.stream().anyMatch(e -> request.runId().equals(e.runId())
                            && e.payload() instanceof BackupCompleted));
                    assertThat(f.stateFile()).hasContent("prod-srv-rootfs-20260301T020500Z");
                    assertThat(dir.resolve("backup-srv/prod-srv/rootfs/prod-srv-rootfs-20260301T020500Z.full.btrfs.gpg"))
                            .isRegularFile();
                    assertThat(broker.awaitForwarded(Duration.ofSeconds(30))).isZero();
                }
            }
            List<EventEnvelope> audit = audit(hub);
            assertThat(audit).filteredOn(e -> e.payload() instanceof BackupRequested).as("the request, once")
                    .singleElement().satisfies(e -> assertThat(e.host()).isEqualTo("prod-srv"));
            assertThat(audit).filteredOn(e -> e.payload() instanceof BackupCompleted).as("prod-srv's run, once")
                    .singleElement().satisfies(e -> assertThat(e.host()).isEqualTo("prod-srv"));
            assertThat(audit).noneMatch(e -> "web2".equals(e.host()));
            assertThat(count(web2Local, Topology.PRODUCER_AGENT_QUEUE.name())).as("nothing ran on web2").isZero();
            assertThat(count(hub, Topology.producerHostQueueName("prod-srv"))).isZero();
            assertThat(count(hub, Topology.PRODUCER_AGENT_QUEUE.name())).as("nothing left in the shared queue").isZero();
        }
    }

    private static List<EventEnvelope> audit(BrokerFixture hub) throws Exception {
        List<EventEnvelope> events = new ArrayList<>();
        try (Connection connection = hub.client(BrokerRole.OPERATOR).connect()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueBrowser browser = session.createBrowser(session.createQueue(Topology.fullyQualified(Topology.AUDIT_QUEUE)));
            for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements(); ) {
                events.add(new EventCodec().decode(((TextMessage) e.nextElement()).getText()).envelope());
            }
        }
        return events;
    }

    private static long count(BrokerFixture broker, String queue) {
        try (BrokerManagement management = BrokerManagement.connect(broker.client(BrokerRole.OPERATOR))) {
            return management.invokeForLong(BrokerManagement.queueResource(queue), "countMessages");
        }
    }

    private static void waitUntil(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within " + limit).isLessThan(end);
            Thread.sleep(50);
        }
    }
}
