package org.btrfssendbackup.pruner;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.messages.event.PruneCompleted;
import org.btrfssendbackup.messages.event.PruneTarget;
import org.btrfssendbackup.messages.event.StreamPruned;
import org.btrfssendbackup.messages.jms.EmbeddedTestBroker;
import org.btrfssendbackup.messages.jms.QueueReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pass's events on a real embedded Artemis, and a pass that stands when the broker is gone. */
class PruneEventsBrokerTest {

    @TempDir
    Path root;

    @TempDir
    Path brokerData;

    private PruneResult prune(StoredSetFixture store) throws IOException {
        return new Pruner(store.layout, new FileSystemDeleter(), Clock.fixed(PrunerTest.NOW, ZoneOffset.UTC),
                Duration.ofSeconds(2)).prune(StoredSetFixture.SET, PrunerTest.POLICY, false);
    }

    @Test
    void streamPrunedPerDeletionAndPruneCompletedWithCounts() throws Exception {
        StoredSetFixture store = new StoredSetFixture(root).daily(PrunerTest.START, 40, 7);
        try (EmbeddedTestBroker broker = new EmbeddedTestBroker(brokerData);
             Connection reader = broker.connect()) {
            PruneResult result = prune(store);

            boolean published = new BrokerEventSink(broker.connectionFactory())
                    .publish(PruneEvents.of(result, "backup-srv", null));

            assertThat(published).isTrue();
            List<EventEnvelope> events = QueueReader.drainEvents(reader, Topology.fullyQualified(Topology.AUDIT_QUEUE), 500);
            assertThat(events).allSatisfy(e -> {
                assertThat(e.backupSet()).isEqualTo(StoredSetFixture.SET.value());
                assertThat(e.host()).isEqualTo("backup-srv");
            });
            List<StreamPruned> pruned = events.stream().map(EventEnvelope::payload)
                    .filter(StreamPruned.class::isInstance).map(StreamPruned.class::cast).toList();
            assertThat(pruned).hasSize(result.deleted().size()).isNotEmpty();
            assertThat(pruned).extracting(StreamPruned::snapshot).isEqualTo(result.plan().deletedNames());
            assertThat(pruned.get(0).file()).startsWith("prod-srv/rootfs/").endsWith(".full.btrfs.gpg");
            assertThat(pruned).allSatisfy(p -> assertThat(p.dryRun()).isFalse());
            PruneCompleted completed = (PruneCompleted) events.get(events.size() - 1).payload();
            assertThat(completed.target()).isEqualTo(PruneTarget.STREAMS);
            assertThat(completed.deleted()).isEqualTo(result.deleted().size());
            assertThat(completed.kept()).isEqualTo(result.plan().keep().size());
            assertThat(completed.bytesFreed()).isEqualTo(pruned.stream().mapToLong(StreamPruned::bytes).sum())
                    .isEqualTo(result.bytesFreed());
            assertThat(completed.keptReasons()).isEqualTo(result.keptReasons())
                    .containsValue("LATEST DAILY(2024-02-09) WEEKLY(2024-W06) MONTHLY(2024-02)");
        }
    }

    @Test
    void aBrokerFailureIsReportedAndThePruneStands() throws Exception {
        StoredSetFixture store = new StoredSetFixture(root).daily(PrunerTest.START, 40, 7);
        EmbeddedTestBroker broker = new EmbeddedTestBroker(brokerData);
        BrokerEventSink sink = new BrokerEventSink(broker.connectionFactory());
        broker.close();

        PruneResult result = prune(store);

        assertThat(sink.publish(PruneEvents.of(result, "backup-srv", null))).isFalse();
        assertThat(store.files()).doesNotContain(result.deleted().get(0).file().value());
    }
}
