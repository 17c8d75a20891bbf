package org.btrfssendbackup.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.btrfssendbackup.broker.BrokerFixture;
import org.btrfssendbackup.broker.BrokerRole;
import org.btrfssendbackup.broker.BrokerSettings;
import org.btrfssendbackup.broker.DeadLetters;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.EventSamples;
import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.messages.jms.EventPublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's audit ring (100,000 events, read by nobody: the console browses it) lives in the
 * broker's memory, and Artemis refuses every send to backup.events (address-full policy FAIL)
 * once the messages it holds reach the global size limit, half the heap. The fan-in benchmark
 * measured about 2.5 KB of Artemis' estimate (3.1 KB of heap) per run event: with the wrapper's
 * former -Xmx512m a full ring needed about 95 % of that limit, so a fleet's hub would have
 * refused every event (the bridges re-sending forever) once larger events, an unread agent queue
 * or dead letters took the rest. Scaled down (a ring of {@value #RING} and the limit scaled by
 * the same factor), this checks that a full ring of a night's events takes at most two thirds of
 * the limit the shipped wrapper's heap gives, by rolling the ring over three times without a
 * refused send.
 */
class AuditRingFitsTheHubHeapTest {

    private static final Path WRAPPER = Path.of("deploy/backup-srv/btrfs-backup-broker");
    private static final int RING = 500;
    /** The share of the global size limit a full audit ring may take; the rest is for agent queues and dead letters. */
    private static final double RING_SHARE = 2.0 / 3;
    /** The events of one run as the hub's audit holds them: the producer's, the receiver's and the pruner's. */
    private static final List<String> RUN_TYPES = List.of("BackupRequested", "ServicesQuiesced", "SnapshotCreated",
            "ServicesResumed", "StreamReceived", "StreamSent", "PruneRequested", "StreamPruned", "SnapshotPruned",
            "PruneCompleted", "BackupCompleted");

    @TempDir
    Path dir;

    @Test
    void aFullAuditRingOfRunEventsTakesAtMostTwoThirdsOfTheLimitTheShippedHeapGives() throws Exception {
        long heap = maxHeapBytes(HubJvm.wrapperOptions(WRAPPER));
        long scaledLimit = (long) (heap / 2.0 * RING / BrokerSettings.DEFAULT_AUDIT_RING_SIZE * RING_SHARE);
        BrokerSettings settings = BrokerFixture.settings(dir).withAuditRingSize(RING).withGlobalMaxSizeBytes(scaledLimit);
        List<EventEnvelope> samples = EventSamples.all().stream().filter(e -> RUN_TYPES.contains(e.type())).toList();
        assertThat(samples).hasSize(RUN_TYPES.size());
        int sent = 0;
        try (BrokerFixture hub = BrokerFixture.start(settings);
             Connection publishing = hub.client(BrokerRole.PRODUCER).connect();
             Connection producerAgent = hub.client(BrokerRole.PRODUCER).connect();
             Connection pruner = hub.client(BrokerRole.PRUNER).connect()) {
            // The agents' queues are read, as at a running hub; only the audit ring keeps its events.
            drain(producerAgent, Topology.PRODUCER_AGENT_QUEUE.name());
            drain(pruner, Topology.PRUNER_AGENT_QUEUE.name());
            // One transaction per run, as a night's steps commit a few events at a time: fewer syncs, a faster test.
            Session session = publishing.createSession(true, Session.SESSION_TRANSACTED);
            EventPublisher publisher = new EventPublisher(session);
            while (sent < 3 * RING) {
                String runId = EventEnvelope.newRunId();
                for (EventEnvelope sample : samples) {
                    publisher.publish(new EventEnvelope(UUID.randomUUID(), sample.type(), sample.schemaVersion(),
                            sample.occurredAt(), sample.host(), sample.backupSet(), runId, sample.causationId(),
                            sample.payload()));
                    sent++;
                }
                session.commit();
            }
            try (DeadLetters deadLetters = DeadLetters.connect(hub.client(BrokerRole.OPERATOR))) {
                assertThat(deadLetters.list()).isEmpty();
            }
        }
        assertThat(sent).isGreaterThanOrEqualTo(3 * RING);
    }

    private static void drain(Connection connection, String queue) throws Exception {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        session.createConsumer(session.createQueue(Topology.fullyQualified(queue))).setMessageListener(m -> { });
        connection.start();
    }

    /** -XmxNNNm / NNNg of the wrapper's options, in bytes. */
    static long maxHeapBytes(List<String> options) {
        String xmx = options.stream().filter(o -> o.startsWith("-Xmx")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the broker wrapper sets no -Xmx: " + options));
        String size = xmx.substring(4).toLowerCase(java.util.Locale.ROOT);
        long number = Long.parseLong(size.substring(0, size.length() - 1));
        return switch (size.charAt(size.length() - 1)) {
            case 'g' -> number << 30;
            case 'm' -> number << 20;
            case 'k' -> number << 10;
            default -> throw new IllegalStateException("read the broker's -Xmx: " + xmx);
        };
    }
}
