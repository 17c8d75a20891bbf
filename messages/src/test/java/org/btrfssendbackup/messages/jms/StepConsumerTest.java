package org.btrfssendbackup.messages.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.btrfssendbackup.messages.EventCodec;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.EventSamples;
import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.messages.event.PruneRequested;
import org.btrfssendbackup.messages.event.SnapshotCreated;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.messages.event.StepFailed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transacted step consumer against a real embedded Artemis. */
class StepConsumerTest {

    private static final String QUEUE = Topology.PRODUCER_AGENT_QUEUE.name();
    /** Five attempts: more than the test broker's own max-delivery-attempts (3), which must not matter. */
    private static final int OWN_ATTEMPTS = 5;
    private static final StepSettings FAST = new StepSettings(3, Duration.ofMillis(10), Duration.ofMillis(100),
            new RedeliveryPolicy(Duration.ofMillis(20), 2.0, Duration.ofMillis(80), OWN_ATTEMPTS));
    private static final EventEnvelope REQUESTED = EventSamples.all().get(0);

    @TempDir
    Path dataDir;

    private EmbeddedTestBroker broker;
    private Connection connection;
    private StepConsumer consumer;
    private final List<StepContext> calls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startBroker() throws Exception {
        broker = new EmbeddedTestBroker(dataDir);
        connection = broker.connect();
    }

    @AfterEach
    void stopBroker() throws Exception {
        if (consumer != null) {
            consumer.stop();
        }
        connection.close();
        broker.close();
    }

    private final List<EventEnvelope> heard = new CopyOnWriteArrayList<>();

    private void startConsumer(Step step) throws Exception {
        startConsumer(step, FAST);
    }

    private void startConsumer(Step step, StepSettings settings) throws Exception {
        consumer = new StepConsumer(connection, QUEUE, "producer-agent/test", EventSamples.HOST, (trigger, context) -> {
            calls.add(context);
            return step.handle(trigger, context);
        }, settings).onStepFailed(heard::add);
        consumer.start();
    }

    private List<StepFailed> auditedFailures() throws Exception {
        return audit().stream().filter(e -> e.payload() instanceof StepFailed).map(e -> (StepFailed) e.payload()).toList();
    }

    private void publish(EventEnvelope event) throws Exception {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             EventPublisher publisher = new EventPublisher(session)) {
            publisher.publish(event);
        }
    }

    /** Sends raw text to backup.events as if it were a BackupRequested, so the producer queue takes it. */
    private void publishRaw(String body) throws Exception {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createTopic(Topology.EVENTS_ADDRESS))) {
            TextMessage message = session.createTextMessage(body);
            message.setStringProperty(Topology.PROPERTY_TYPE, "BackupRequested");
            producer.send(message);
        }
    }

    private List<EventEnvelope> audit() throws Exception {
        return QueueReader.drainEvents(connection, Topology.fullyQualified(Topology.AUDIT_QUEUE), 300);
    }

    private List<Message> deadLetters(int expected) throws Exception {
        List<Message> found = new CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            found.addAll(QueueReader.drain(connection, Topology.DEAD_LETTER_QUEUE, 200));
            return found.size() >= expected;
        });
        return found;
    }

    private static EventEnvelope snapshotCreatedFor(EventEnvelope trigger) {
        return trigger.followUp(new SnapshotCreated(EventSamples.SNAPSHOT, "/", "/.snapshots/" + EventSamples.SNAPSHOT,
                SnapshotKind.FULL, null, null, 5), EventSamples.HOST);
    }

    @Test
    void consumesTheTriggerAndPublishesFollowUpsCausedByIt() throws Exception {
        startConsumer((trigger, context) ->
                trigger.type().equals("BackupRequested") ? List.of(snapshotCreatedFor(trigger)) : List.of());

        publish(REQUESTED);

        // The follow-up is itself routed to the producer queue, so the step sees both.
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() == 2);
        List<EventEnvelope> audit = audit();
        assertThat(audit).extracting(EventEnvelope::type).containsExactly("BackupRequested", "SnapshotCreated");
        EventEnvelope followUp = audit.get(1);
        assertThat(followUp.causationId()).isEqualTo(REQUESTED.eventId());
        assertThat(followUp.runId()).isEqualTo(REQUESTED.runId());
        assertThat(followUp.backupSet()).isEqualTo(REQUESTED.backupSet());
        assertThat(calls).extracting(StepContext::deliveryAttempt).containsOnly(1);
        assertThat(QueueReader.drain(connection, Topology.fullyQualified(QUEUE), 200)).as("nothing left").isEmpty();
    }

    @Test
    void aFailingStepIsRetriedUpToTheConsumersOwnLimitWhateverTheBrokersAndTheLastFailureIsFinal() throws Exception {
        startConsumer((trigger, context) -> {
            throw new IllegalStateException("disk on fire");
        });

        publish(REQUESTED);

        List<Message> dead = deadLetters(1);
        // The broker would dead-letter at its 3rd delivery; the consumer's own limit (5) is the one that counts.
        assertThat(calls).extracting(StepContext::deliveryAttempt).containsExactly(1, 2, 3, 4, OWN_ATTEMPTS);
        assertThat(((TextMessage) dead.get(0)).getText()).contains(REQUESTED.eventId().toString());
        assertThat(dead.get(0).getStringProperty(Topology.PROPERTY_ORIGINAL_QUEUE)).isEqualTo(QUEUE);
        assertThat(dead.get(0).getStringProperty(Topology.PROPERTY_DEAD_LETTER_REASON))
                .contains("last attempt", "attempt 5 of 5", "disk on fire");

        List<EventEnvelope> audit = audit();
        List<StepFailed> failures = audit.stream().filter(e -> e.payload() instanceof StepFailed)
                .map(e -> (StepFailed) e.payload()).toList();
        assertThat(failures).extracting(StepFailed::attempt).containsExactly(1, 2, 3, 4, 5);
        assertThat(failures).extracting(StepFailed::finalFailure).containsExactly(false, false, false, false, true);
        assertThat(failures).allSatisfy(failed -> {
            assertThat(failed.failedEventId()).isEqualTo(REQUESTED.eventId());
            assertThat(failed.failedEventType()).isEqualTo("BackupRequested");
            assertThat(failed.causeClass()).isEqualTo(IllegalStateException.class.getName());
            assertThat(failed.causeMessage()).isEqualTo("disk on fire");
            assertThat(failed.transientFailure()).isFalse();
            assertThat(failed.inStepTry()).isEqualTo(1);
        });
        // The retries were the consumer's copies on its own queue: the audit saw the trigger once.
        assertThat(audit).filteredOn(e -> e.type().equals("BackupRequested")).hasSize(1);
        assertThat(heard).extracting(e -> ((StepFailed) e.payload()).isFinal())
                .containsExactly(false, false, false, false, true);
    }

    @Test
    void aPermanentFailureFailsTheStepAtOnceWithOneFinalStepFailedAndADeadLetter() throws Exception {
        startConsumer((trigger, context) -> {
            throw new PermanentStepException("no space left on backup-srv: 10 MiB free, 2 GiB needed");
        });

        publish(REQUESTED);

        List<Message> dead = deadLetters(1);
        assertThat(dead.get(0).getStringProperty(Topology.PROPERTY_DEAD_LETTER_REASON))
                .contains("failed permanently", "no space left on backup-srv");
        // Longer than the whole redelivery backoff: nothing comes back.
        Thread.sleep(500);
        assertThat(calls).as("one try: no in-step retry, no redelivery").hasSize(1);
        List<StepFailed> failures = auditedFailures();
        assertThat(failures).hasSize(1);
        StepFailed failed = failures.get(0);
        assertThat(failed.finalFailure()).isTrue();
        assertThat(failed.transientFailure()).isFalse();
        assertThat(failed.attempt()).isEqualTo(1);
        assertThat(failed.causeMessage()).startsWith("no space left on backup-srv");
        assertThat(QueueReader.drain(connection, Topology.fullyQualified(QUEUE), 200)).as("nothing left").isEmpty();
    }

    @Test
    void everyInStepTryOfATransientFailureIsInTheAudit() throws Exception {
        startConsumer((trigger, context) -> {
            throw new IOException("ssh: connection reset");
        }, new StepSettings(3, Duration.ofMillis(10), Duration.ofMillis(100),
                new RedeliveryPolicy(Duration.ofMillis(20), 2.0, Duration.ofMillis(80), 2)));

        publish(REQUESTED);

        deadLetters(1);
        List<StepFailed> failures = auditedFailures();
        assertThat(failures).extracting(StepFailed::attempt).containsExactly(1, 1, 1, 2, 2, 2);
        assertThat(failures).extracting(StepFailed::inStepTry).containsExactly(1, 2, 3, 1, 2, 3);
        assertThat(failures).extracting(StepFailed::finalFailure).containsExactly(false, false, false, false, false, true);
        assertThat(failures).allSatisfy(failed -> assertThat(failed.transientFailure()).isTrue());
    }

    @Test
    void followUpsOfAFailingStepAreNotPublished() throws Exception {
        // The second follow-up repeats the trigger's event id: Artemis's duplicate detection marks
        // the transaction rollback-only, so the commit fails after the first follow-up was sent.
        startConsumer((trigger, context) -> List.of(snapshotCreatedFor(trigger), trigger));

        publish(REQUESTED);

        deadLetters(1);
        List<EventEnvelope> audit = audit();
        assertThat(audit).extracting(EventEnvelope::type).doesNotContain("SnapshotCreated");
        assertThat(audit).extracting(EventEnvelope::type).contains("StepFailed");
    }

    @Test
    void transientFailuresAreRetriedWithinOneDelivery() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        startConsumer((trigger, context) -> {
            if (tries.incrementAndGet() == 1) {
                throw new TransientStepException("ssh: connection reset");
            }
            if (tries.get() == 2) {
                throw new IOException("broken pipe");
            }
            return List.of(trigger.followUp(new PruneRequested("after-backup", "producer-agent", false),
                    EventSamples.HOST));
        });

        publish(REQUESTED);

        await().atMost(Duration.ofSeconds(10)).until(() -> tries.get() == 3);
        List<EventEnvelope> audit = audit();
        // Each failed try is in the audit (non-final, with its try number), then the success.
        assertThat(audit).extracting(EventEnvelope::type)
                .containsExactly("BackupRequested", "StepFailed", "StepFailed", "PruneRequested");
        assertThat(audit).filteredOn(e -> e.payload() instanceof StepFailed).extracting(e -> (StepFailed) e.payload())
                .extracting(StepFailed::inStepTry, StepFailed::finalFailure, StepFailed::transientFailure)
                .containsExactly(tuple(1, false, true), tuple(2, false, true));
        assertThat(calls).extracting(StepContext::deliveryAttempt).containsOnly(1);
    }

    @Test
    void malformedJsonIsDeadLetteredWithAReasonAndTheConsumerCarriesOn() throws Exception {
        startConsumer((trigger, context) -> List.of());

        publishRaw("{\"eventId\": ");
        publish(REQUESTED);

        Message dead = deadLetters(1).get(0);
        assertThat(dead.getStringProperty(Topology.PROPERTY_DEAD_LETTER_REASON)).startsWith("malformed JSON");
        assertThat(dead.getStringProperty(Topology.PROPERTY_ORIGINAL_QUEUE)).isEqualTo(QUEUE);
        assertThat(dead.getStringProperty(Topology.PROPERTY_ORIGINAL_ADDRESS)).isEqualTo(Topology.EVENTS_ADDRESS);
        assertThat(((TextMessage) dead).getText()).isEqualTo("{\"eventId\": ");
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() == 1);
        assertThat(consumer.isRunning()).isTrue();
    }

    @Test
    void unknownTypeIsDeadLetteredWithAReasonAndNeverReachesTheStep() throws Exception {
        startConsumer((trigger, context) -> List.of());
        String unknown = new EventCodec().encode(REQUESTED).replace("\"type\":\"BackupRequested\"", "\"type\":\"DiskExploded\"");

        publishRaw(unknown);

        Message dead = deadLetters(1).get(0);
        assertThat(dead.getStringProperty(Topology.PROPERTY_DEAD_LETTER_REASON)).isEqualTo("unknown type \"DiskExploded\"");
        assertThat(dead.getStringProperty(Topology.PROPERTY_TYPE)).isEqualTo("BackupRequested");
        assertThat(calls).isEmpty();
    }

    @Test
    void stopIsPrompt() throws Exception {
        startConsumer((trigger, context) -> List.of());
        assertThat(consumer.isRunning()).isTrue();

        long started = System.nanoTime();
        consumer.stop();

        assertThat(consumer.isRunning()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void startFailsLoudlyForAQueueThatDoesNotExist() {
        consumer = new StepConsumer(connection, "no-such-agent", "test", EventSamples.HOST, (t, c) -> List.of(), FAST);
        org.assertj.core.api.Assertions.assertThatThrownBy(consumer::start)
                .isInstanceOf(jakarta.jms.JMSException.class);
        assertThat(consumer.isRunning()).isFalse();
    }
}
