package org.btrfssendbackup.broker;

import org.btrfssendbackup.messages.Topology;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failing step: redelivery with growing delay, then the dead-letter queue, then an
 * operator retry that reaches only the original queue and succeeds.
 */
class DeadLetterFlowTest {

    private static final String PRODUCER_QUEUE = Topology.fullyQualified(Topology.PRODUCER_AGENT_QUEUE.name());

    @Test
    void failingStepIsRedeliveredWithBackoffThenDeadLetteredThenRetriedToItsOriginalQueueOnly(@TempDir Path root) throws Exception {
        try (BrokerFixture fixture = BrokerFixture.start(root)) {
            fixture.publish("event-1", "BackupRequested", "home", "{\"eventId\":\"event-1\"}");
            assertThat(messageCount(fixture, Topology.AUDIT_QUEUE)).isEqualTo(1);

            List<Integer> deliveryCounts = new ArrayList<>();
            List<Long> receivedAt = new ArrayList<>();
            try (Connection connection = fixture.client(BrokerRole.PRODUCER).connect()) {
                connection.start();
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue(PRODUCER_QUEUE));
                for (Message message = consumer.receive(5_000); message != null; message = consumer.receive(2_000)) {
                    deliveryCounts.add(message.getIntProperty("JMSXDeliveryCount"));
                    receivedAt.add(System.nanoTime());
                    session.rollback(); // the step threw
                }
            }
            assertThat(deliveryCounts).containsExactly(1, 2, 3);
            long firstGapMs = (receivedAt.get(1) - receivedAt.get(0)) / 1_000_000;
            long secondGapMs = (receivedAt.get(2) - receivedAt.get(1)) / 1_000_000;
            assertThat(firstGapMs).isGreaterThanOrEqualTo(90); // 100 ms configured, timer granularity
            assertThat(secondGapMs).isGreaterThan(firstGapMs).isGreaterThanOrEqualTo(180); // doubled

            try (DeadLetters deadLetters = DeadLetters.connect(fixture.client(BrokerRole.OPERATOR))) {
                List<DeadLetter> letters = deadLetters.list();
                assertThat(letters).hasSize(1);
                DeadLetter letter = letters.get(0);
                assertThat(letter.eventId()).isEqualTo("event-1");
                assertThat(letter.type()).isEqualTo("BackupRequested");
                assertThat(letter.backupSet()).isEqualTo("home");
                assertThat(letter.originalAddress()).isEqualTo(Topology.EVENTS_ADDRESS);
                assertThat(letter.originalQueue()).isEqualTo(Topology.PRODUCER_AGENT_QUEUE.name());
                assertThat(letter.deliveryCount()).isEqualTo(3);
                assertThat(letter.deadLetterReason()).isNull();
                assertThat(letter.body()).contains("event-1");
                assertThat(deadLetters.count()).isEqualTo(1);

                assertThat(deadLetters.retry(letter.messageId())).isTrue();
                assertThat(deadLetters.count()).isZero();
            }
            // Back on producer-agent only: the audit queue, also bound to backup.events, still has the one original.
            assertThat(messageCount(fixture, Topology.AUDIT_QUEUE)).isEqualTo(1);
            assertThat(messageCount(fixture, Topology.PRUNER_AGENT_QUEUE.name())).isZero();

            try (Connection connection = fixture.client(BrokerRole.PRODUCER).connect()) {
                connection.start();
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue(PRODUCER_QUEUE));
                Message retried = consumer.receive(5_000);
                assertThat(retried).isNotNull();
                assertThat(((TextMessage) retried).getText()).contains("event-1");
                session.commit(); // the step succeeds this time
                assertThat(consumer.receive(300)).isNull();
            }
            assertThat(messageCount(fixture, Topology.PRODUCER_AGENT_QUEUE.name())).isZero();
        }
    }

    @Test
    void consumerDeadLetteredMessageIsListedWithItsReasonAndPurgeEmptiesTheQueue(@TempDir Path root) throws Exception {
        try (BrokerFixture fixture = BrokerFixture.start(root)) {
            try (Connection connection = fixture.client(BrokerRole.PRUNER).connect()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                TextMessage message = BrokerFixture.event(session, "event-2", "NoSuchType", "home", "{}");
                message.setStringProperty(Topology.PROPERTY_DEAD_LETTER_REASON, "unknown event type NoSuchType");
                session.createProducer(session.createQueue(Topology.DEAD_LETTER_ADDRESS)).send(message);
            }
            try (DeadLetters deadLetters = DeadLetters.connect(fixture.client(BrokerRole.OPERATOR))) {
                List<DeadLetter> letters = deadLetters.list();
                assertThat(letters).singleElement().satisfies(letter -> {
                    assertThat(letter.deadLetterReason()).isEqualTo("unknown event type NoSuchType");
                    assertThat(letter.type()).isEqualTo("NoSuchType");
                    assertThat(letter.deliveryCount()).isEqualTo(1);
                    assertThat(letter.originalQueue()).isNull();
                });
                assertThat(deadLetters.purge()).isEqualTo(1);
                assertThat(deadLetters.list()).isEmpty();
            }
        }
    }

    static long messageCount(BrokerFixture fixture, String queue) throws JMSException {
        try (BrokerManagement management = BrokerManagement.connect(fixture.client(BrokerRole.OPERATOR))) {
            return management.invokeForLong(BrokerManagement.queueResource(queue), "countMessages");
        }
    }
}
