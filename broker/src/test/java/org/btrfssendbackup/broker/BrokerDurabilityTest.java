package org.btrfssendbackup.broker;

import org.btrfssendbackup.messages.Topology;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerDurabilityTest {

    private static final String PRODUCER_QUEUE = Topology.fullyQualified(Topology.PRODUCER_AGENT_QUEUE.name());

    @Test
    void anEventIdIsDeliveredOnlyOnce(@TempDir Path root) throws Exception {
        try (BrokerFixture fixture = BrokerFixture.start(root)) {
            fixture.publish("same-id", "BackupRequested", "home", "{\"try\":1}");
            fixture.publish("same-id", "BackupRequested", "home", "{\"try\":2}");
            try (Connection connection = fixture.client(BrokerRole.PRODUCER).connect()) {
                connection.start();
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue(PRODUCER_QUEUE));
                Message first = consumer.receive(5_000);
                assertThat(((TextMessage) first).getText()).isEqualTo("{\"try\":1}");
                session.commit();
                assertThat(consumer.receive(500)).isNull();
            }
            assertThat(DeadLetterFlowTest.messageCount(fixture, Topology.AUDIT_QUEUE)).isEqualTo(1);
        }
    }

    @Test
    void eventsAreRoutedOnlyToTheQueuesWhoseFilterSelectsThem(@TempDir Path root) throws Exception {
        try (BrokerFixture fixture = BrokerFixture.start(root)) {
            fixture.publish("a", "BackupRequested", "home", "{}");
            fixture.publish("b", "PruneRequested", "home", "{}");
            fixture.publish("c", "BackupCompleted", "home", "{}");
            assertThat(DeadLetterFlowTest.messageCount(fixture, Topology.AUDIT_QUEUE)).isEqualTo(3);
            assertThat(DeadLetterFlowTest.messageCount(fixture, Topology.PRODUCER_AGENT_QUEUE.name())).isEqualTo(1);
            assertThat(DeadLetterFlowTest.messageCount(fixture, Topology.PRUNER_AGENT_QUEUE.name())).isEqualTo(1);
        }
    }

    @Test
    void undeliveredEventsSurviveABrokerRestart(@TempDir Path root) throws Exception {
        BrokerSettings settings = BrokerFixture.settings(root);
        try (BrokerFixture fixture = BrokerFixture.start(settings)) {
            fixture.publish("kept", "SnapshotCreated", "home", "{\"kept\":true}");
        }
        try (BrokerFixture restarted = BrokerFixture.start(settings);
             Connection connection = restarted.client(BrokerRole.PRODUCER).connect()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            Message message = session.createConsumer(session.createQueue(PRODUCER_QUEUE)).receive(5_000);
            assertThat(message).isNotNull();
            assertThat(((TextMessage) message).getText()).isEqualTo("{\"kept\":true}");
            session.commit();
            // The duplicate-id cache is persistent too: the same event id after a restart is still dropped.
            restarted.publish("kept", "SnapshotCreated", "home", "{\"kept\":true}");
            assertThat(DeadLetterFlowTest.messageCount(restarted, Topology.PRODUCER_AGENT_QUEUE.name())).isZero();
        }
    }

    @Test
    void startAndStopAreIdempotentAndANameCannotRunTwice(@TempDir Path root) throws Exception {
        BrokerSettings settings = BrokerFixture.settings(root);
        EmbeddedBroker broker = new EmbeddedBroker(settings);
        broker.start();
        broker.start();
        assertThat(broker.isRunning()).isTrue();
        assertThat(broker.journalType()).isNotNull();
        EmbeddedBroker twin = new EmbeddedBroker(settings.withInVmServerId(settings.inVmServerId() + 50_000));
        assertThatThrownBy(twin::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already runs");
        broker.stop();
        broker.stop();
        assertThat(broker.isRunning()).isFalse();
    }

    @Test
    void aFullBrokerMakesThePublisherFailInsteadOfBlocking(@TempDir Path root) throws Exception {
        BrokerSettings tiny = BrokerFixture.settings(root).withGlobalMaxSizeBytes(64 * 1024);
        try (BrokerFixture fixture = BrokerFixture.start(tiny);
             Connection connection = fixture.client(BrokerRole.PRODUCER).connect()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createTopic(Topology.EVENTS_ADDRESS));
            String body = "x".repeat(4096);
            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                    assertThatThrownBy(() -> {
                        for (int i = 0; i < 1_000; i++) {
                            producer.send(BrokerFixture.event(session, "full-" + i, "BackupRequested", "home", body));
                        }
                    }).isInstanceOf(JMSException.class).hasMessageContaining("full"));
        }
    }
}
