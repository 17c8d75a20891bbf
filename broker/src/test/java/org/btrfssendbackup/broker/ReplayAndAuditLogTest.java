package org.btrfssendbackup.broker;

import org.btrfssendbackup.messages.Topology;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayAndAuditLogTest {

    @Test
    void replayReturnsTheEventsOfTheWindowEachOnceAndTheAuditLogFiltersThem(@TempDir Path root) throws Exception {
        try (BrokerFixture fixture = BrokerFixture.start(root)) {
            fixture.publish("before", "BackupRequested", "home", "{}");
            Instant since = pause();
            fixture.publish("e1", "BackupRequested", "home", "{\"n\":1}");
            fixture.publish("e2", "PruneRequested", "media", "{\"n\":2}");
            fixture.publish("e2", "PruneRequested", "media", "{\"n\":2}"); // duplicate id: dropped
            fixture.publish("e3", "SnapshotCreated", "home", "{\"n\":3}");
            failUntilDeadLetteredThenRetry(fixture); // stores e1's copies again under the same id
            Instant until = pause();
            fixture.publish("after", "StreamSent", "home", "{}");

            try (Replay replay = Replay.connect(fixture.client(BrokerRole.OPERATOR));
                 AuditLog audit = AuditLog.connect(fixture.client(BrokerRole.OPERATOR))) {
                long producerQueueBefore = DeadLetterFlowTest.messageCount(fixture, Topology.PRODUCER_AGENT_QUEUE.name());
                long prunerQueueBefore = DeadLetterFlowTest.messageCount(fixture, Topology.PRUNER_AGENT_QUEUE.name());
                assertThat(replay.replay(since, until, "backup.replay.test")).isEqualTo(3);
                List<AuditEvent> replayed = audit.listReplayed("backup.replay.test", EventFilter.ALL);
                assertThat(replayed).extracting(AuditEvent::eventId).containsExactlyInAnyOrder("e1", "e2", "e3");
                assertThat(replayed).allSatisfy(e -> assertThat(e.publishedBy()).isEqualTo("producer"));
                // Replayed copies go to the replay queue only, never back to an agent.
                assertThat(DeadLetterFlowTest.messageCount(fixture, Topology.PRODUCER_AGENT_QUEUE.name())).isEqualTo(producerQueueBefore);
                assertThat(DeadLetterFlowTest.messageCount(fixture, Topology.PRUNER_AGENT_QUEUE.name())).isEqualTo(prunerQueueBefore);

                assertThatThrownBy(() -> replay.replay(since, until, "backup.replay.test"))
                        .isInstanceOf(BrokerManagementException.class)
                        .hasMessageContaining("fresh address");
                replay.delete("backup.replay.test");
                assertThat(replay.replay(since, until, "backup.replay.test")).isEqualTo(3);

                EventFilter window = EventFilter.between(since, until);
                assertThat(audit.list(window)).extracting(AuditEvent::eventId).containsExactly("e1", "e2", "e3");
                assertThat(audit.list(window.withType("PruneRequested"))).extracting(AuditEvent::eventId).containsExactly("e2");
                assertThat(audit.list(window.withBackupSet("home"))).extracting(AuditEvent::eventId).containsExactly("e1", "e3");
                assertThat(audit.list(EventFilter.ALL)).hasSize(5);
            }
        }
    }

    private static Instant pause() throws InterruptedException {
        Thread.sleep(20);
        Instant now = Instant.now();
        Thread.sleep(20);
        return now;
    }

    private static void failUntilDeadLetteredThenRetry(BrokerFixture fixture) throws Exception {
        try (Connection connection = fixture.client(BrokerRole.PRODUCER).connect()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(
                    session.createQueue(Topology.fullyQualified(Topology.PRODUCER_AGENT_QUEUE.name())),
                    "_AMQ_DUPL_ID = 'e1'");
            for (Message m = consumer.receive(5_000); m != null; m = consumer.receive(1_500)) {
                session.rollback();
            }
            try (DeadLetters deadLetters = DeadLetters.connect(fixture.client(BrokerRole.OPERATOR))) {
                assertThat(deadLetters.retryAll()).isEqualTo(1);
            }
            assertThat(consumer.receive(5_000)).isNotNull();
            session.commit();
        }
    }
}
