package org.btrfssendbackup.pruner;

import org.btrfssendbackup.core.schedule.DailySchedule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.btrfssendbackup.core.config.ScrubSettings;
import org.btrfssendbackup.core.layout.StoredSets;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.retention.ChainMode;
import org.btrfssendbackup.core.retention.KeptPoint;
import org.btrfssendbackup.core.retention.RetentionPlan;
import org.btrfssendbackup.core.retention.RetentionPlanner;
import org.btrfssendbackup.core.retention.RetentionPolicy;
import org.btrfssendbackup.messages.EventCodec;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.messages.event.PruneCompleted;
import org.btrfssendbackup.messages.event.PruneRequested;
import org.btrfssendbackup.messages.event.StepFailed;
import org.btrfssendbackup.messages.jms.EmbeddedTestBroker;
import org.btrfssendbackup.messages.jms.EventPublisher;
import org.btrfssendbackup.messages.jms.QueueReader;
import org.btrfssendbackup.messages.jms.StepSettings;
import org.btrfssendbackup.core.metrics.MetricsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service: PruneRequested through StepConsumer on a real broker, and the scheduled pass over every set. */
class PrunerServiceTest {

    static final RetentionPolicy BACKUP_SRV_POLICY = new RetentionPolicy(4, 2, 1);
    static final StepSettings FAST = new StepSettings(1, Duration.ZERO, Duration.ofMillis(100));

    @TempDir
    Path root;

    @TempDir
    Path brokerData;

    EmbeddedTestBroker broker;
    Connection reader;
    PrunerService service;
    StoredSetFixture store;

    @BeforeEach
    void start() throws Exception {
        store = new StoredSetFixture(root).daily(PrunerTest.START, 60, 10);
        broker = new EmbeddedTestBroker(brokerData);
        reader = broker.connect();
        Pruner pruner = new Pruner(store.layout, new FileSystemDeleter(), Clock.fixed(PrunerTest.NOW, ZoneOffset.UTC),
                Duration.ofSeconds(2));
        PrunerServiceSettings settings = new PrunerServiceSettings(root, BACKUP_SRV_POLICY, "backup-srv",
                new DailySchedule(LocalTime.of(4, 17), ZoneOffset.UTC), ScrubSettings.defaults());
        service = new PrunerService(settings, Optional.of(broker.connectionFactory()), pruner, FAST, Clock.systemUTC());
        service.start();
    }

    @AfterEach
    void stop() throws Exception {
        service.close();
        reader.close();
        broker.close();
    }

    @Test
    void aRequestPrunesWithBackupSrvsPolicyWhateverThePayloadAsks() throws Exception {
        EventEnvelope request = EventEnvelope.create(new PruneRequested("after-backup", "producer-agent", false),
                "prod-srv", StoredSetFixture.SET.value(), "run-1", null);
        // A compromised prod-srv adds its own retention wishes; unknown fields are ignored.
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(new EventCodec().encode(request));
        ((ObjectNode) json.get("payload")).put("keepDaily", 0).put("keepWeekly", 0).put("keepMonthly", 0)
                .putArray("delete").add(store.points.get(59).name());
        publishRaw(json.toString(), request);
        RetentionPlan expected = RetentionPlanner.plan(store.points, BACKUP_SRV_POLICY, Set.of(), ChainMode.STREAM_CHAINS);

        List<EventEnvelope> events = awaitEvents(PruneCompleted.class);

        Set<String> remaining = new TreeSet<>(store.files());
        remaining.remove(StoreLayout.UPLOAD_LOCK_FILE);
        assertThat(remaining).isEqualTo(StoredSetFixture.pairsOf(expected.keep().stream().map(KeptPoint::point).toList()));
        EventEnvelope completed = events.stream().filter(e -> e.payload() instanceof PruneCompleted).findFirst().orElseThrow();
        assertThat(completed.causationId()).isEqualTo(request.eventId());
        assertThat(completed.runId()).isEqualTo("run-1");
        assertThat(((PruneCompleted) completed.payload()).deleted()).isEqualTo(expected.delete().size());
        assertThat(((PruneCompleted) completed.payload()).kept()).isEqualTo(expected.keep().size());
    }

    @Test
    void aRequestForASetThatDoesNotExistFailsClearly() throws Exception {
        EventEnvelope request = EventEnvelope.create(new PruneRequested("manual", "operator", false),
                "prod-srv", "no-such/set", null, null);
        try (Session session = reader.createSession(false, Session.AUTO_ACKNOWLEDGE);
             EventPublisher publisher = new EventPublisher(session)) {
            publisher.publish(request);
        }

        List<EventEnvelope> events = awaitEvents(StepFailed.class);

        StepFailed failed = (StepFailed) events.stream().filter(e -> e.payload() instanceof StepFailed)
                .findFirst().orElseThrow().payload();
        assertThat(failed.step()).isEqualTo(PruneRequestedStep.NAME);
        assertThat(failed.causeMessage()).contains("no-such/set").contains("no such set");
        assertThat(Files.exists(root.resolve("no-such"))).isFalse();
    }

    @Test
    void theScheduledPassPrunesEverySetWithTheServicePolicy() throws Exception {
        Path other = root.resolve("other-host/data");
        Files.createDirectories(other);
        Files.writeString(root.resolve("README"), "not a set");
        Files.createDirectories(root.resolve("empty-dir"));

        List<PruneResult> results = service.pruneAllSets();

        assertThat(results).extracting(r -> r.set().value()).containsExactly(StoredSetFixture.SET.value());
        assertThat(results.get(0).policy()).isEqualTo(BACKUP_SRV_POLICY);
        assertThat(results.get(0).deleted()).isNotEmpty();
        List<EventEnvelope> events = awaitEvents(PruneCompleted.class);
        assertThat(events).filteredOn(e -> e.payload() instanceof PruneCompleted).singleElement()
                .satisfies(e -> assertThat(e.causationId()).isNull());
        assertThat(StoredSets.under(store.layout)).containsExactly(BackupSetName.of("prod-srv/rootfs"));
    }

    /** /metrics: the store's space and the broker at once, each set's restore points after its scheduled prune. */
    @Test
    void theMetricsEndpointServesTheLastScheduledPruneAndTheStoreAndBroker() throws Exception {
        try (MetricsServer server = MetricsServer.start(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), service::metrics)) {
            String before = scrape(server);
            assertThat(before).contains("btrfs_backup_broker_up 1.0", "btrfs_backup_store_free_bytes ")
                    .doesNotContain("btrfs_backup_restore_points");

            List<PruneResult> results = service.pruneAllSets();

            String after = scrape(server);
            assertThat(after).contains("btrfs_backup_restore_points{host=\"prod-srv\",set=\"prod-srv/rootfs\"} "
                    + (double) results.get(0).keptCount(), "btrfs_backup_corrupt_streams{host=\"prod-srv\",set=\"prod-srv/rootfs\"} 0.0");
        }
    }

    /** A prune requested by event (the producer's after-backup PruneRequested) updates the same per-set facts. */
    @Test
    void theMetricsFollowAPruneRequestedByEventToo() throws Exception {
        try (MetricsServer server = MetricsServer.start(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), service::metrics)) {
            RetentionPlan expected = RetentionPlanner.plan(store.points, BACKUP_SRV_POLICY, Set.of(),
                    ChainMode.STREAM_CHAINS);
            try (Session session = reader.createSession(false, Session.AUTO_ACKNOWLEDGE);
                 EventPublisher publisher = new EventPublisher(session)) {
                publisher.publish(EventEnvelope.create(new PruneRequested("after-backup", "producer-agent", true),
                        "prod-srv", StoredSetFixture.SET.value(), "run-0", null));
                awaitEvents(PruneCompleted.class);
                assertThat(scrape(server)).as("a dry run deletes nothing: no facts from it")
                        .doesNotContain("btrfs_backup_restore_points");

                publisher.publish(EventEnvelope.create(new PruneRequested("after-backup", "producer-agent", false),
                        "prod-srv", StoredSetFixture.SET.value(), "run-1", null));
            }
            String restorePoints = "btrfs_backup_restore_points{host=\"prod-srv\",set=\"prod-srv/rootfs\"} "
                    + (double) expected.keep().size();
            await().atMost(Duration.ofSeconds(20)).until(() -> scrape(server).contains(restorePoints));
            assertThat(scrape(server)).contains(
                    "btrfs_backup_corrupt_streams{host=\"prod-srv\",set=\"prod-srv/rootfs\"} 0.0");
        }
    }

    private static String scrape(MetricsServer server) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.address().getPort()
                        + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private List<EventEnvelope> awaitEvents(Class<?> type) {
        List<EventEnvelope> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            seen.addAll(QueueReader.drainEvents(reader, Topology.fullyQualified(Topology.AUDIT_QUEUE), 200));
            return seen.stream().anyMatch(e -> type.isInstance(e.payload()));
        });
        return seen;
    }

    private void publishRaw(String body, EventEnvelope stamps) throws Exception {
        try (Session session = reader.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createTopic(Topology.EVENTS_ADDRESS))) {
            TextMessage message = session.createTextMessage(body);
            EventPublisher.stampProperties(message, stamps);
            producer.send(message);
        }
    }
}
