package org.btrfssendbackup.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.jms.Connection;

import org.btrfssendbackup.broker.BrokerFixture;
import org.btrfssendbackup.broker.BrokerRole;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.messages.jms.StepConsumer;
import org.btrfssendbackup.messages.jms.RedeliveryPolicy;
import org.btrfssendbackup.messages.jms.StepSettings;
import org.btrfssendbackup.ops.console.Terminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dead-letter commands against a real broker and a real StepConsumer. */
class DlqCommandsTest {

    private static final String PRODUCER_QUEUE = Topology.PRODUCER_AGENT_QUEUE.name();
    /** The step consumer retries as the fixture broker would (100 ms, doubling, three attempts). */
    private static final StepSettings QUICK_STEPS = new StepSettings(1, Duration.ZERO, Duration.ofMillis(100),
            new RedeliveryPolicy(BrokerFixture.FAST_REDELIVERY.delay(), BrokerFixture.FAST_REDELIVERY.multiplier(),
                    BrokerFixture.FAST_REDELIVERY.maxDelay(), BrokerFixture.FAST_REDELIVERY.maxDeliveryAttempts()));

    @Test
    void failingStepIsRedeliveredThenDeadLetteredListedWithItsReasonAndRetriedToItsOriginalQueueOnly(@TempDir Path root)
            throws Exception {
        try (BrokerFixture fixture = BrokerFixture.start(root);
             Connection connection = fixture.client(BrokerRole.PRODUCER).connect()) {
            ConsoleHarness console = new ConsoleHarness(fixture);
            AtomicBoolean stepSucceeds = new AtomicBoolean(false);
            List<Integer> attempts = new CopyOnWriteArrayList<>();
            List<Long> attemptNanos = new CopyOnWriteArrayList<>();
            AtomicInteger successes = new AtomicInteger();
            StepConsumer consumer = new StepConsumer(connection, PRODUCER_QUEUE, "producer-agent/snapshot", "prod-srv",
                    (trigger, context) -> {
                        attempts.add(context.deliveryAttempt());
                        attemptNanos.add(System.nanoTime());
                        if (!stepSucceeds.get()) {
                            throw new IllegalStateException("btrfs subvolume snapshot failed: read-only file system");
                        }
                        successes.incrementAndGet();
                        return List.of();
                    },
                    QUICK_STEPS);
            consumer.start();
            try {
                EventEnvelope trigger = TestEvents.requested("home");
                TestEvents.publish(fixture, trigger);

                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(console.run("dlq", "list", "--json").json().get("count").asInt()).isEqualTo(1));
                // Redelivered with growing delay (fixture: 100 ms, then 200 ms), three deliveries in all.
                assertThat(attempts).containsExactly(1, 2, 3);
                long firstGap = (attemptNanos.get(1) - attemptNanos.get(0)) / 1_000_000;
                long secondGap = (attemptNanos.get(2) - attemptNanos.get(1)) / 1_000_000;
                assertThat(firstGap).isGreaterThanOrEqualTo(90);
                assertThat(secondGap).isGreaterThan(firstGap);

                ConsoleResult list = console.run("dlq", "list", "--json");
                JsonNode letter = list.json().get("deadLetters").get(0);
                assertThat(letter.get("eventId").asText()).isEqualTo(trigger.eventId().toString());
                assertThat(letter.get("type").asText()).isEqualTo("BackupRequested");
                assertThat(letter.get("backupSet").asText()).isEqualTo("home");
                assertThat(letter.get("originalQueue").asText()).isEqualTo(PRODUCER_QUEUE);
                assertThat(letter.get("deliveryCount").asInt()).isEqualTo(3);
                // The step consumer dead-lettered it itself on its last attempt, with the reason in the letter.
                assertThat(letter.get("reasonSource").asText()).isEqualTo("deadLetterReason");
                assertThat(letter.get("lastFailure").asText()).isEqualTo("step producer-agent/snapshot failed on its last"
                        + " attempt (attempt 3 of 3): btrfs subvolume snapshot failed: read-only file system");
                long messageId = letter.get("messageId").asLong();

                ConsoleResult human = console.run("dlq", "list");
                assertThat(human.exitCode()).as(human.toString()).isZero();
                assertThat(human.out()).contains("LAST FAILURE").contains(Long.toString(messageId)).contains(PRODUCER_QUEUE)
                        .contains("attempt 3 of 3");

                long auditBefore = TestEvents.messageCount(fixture, Topology.AUDIT_QUEUE);
                long prunerBefore = TestEvents.messageCount(fixture, Topology.PRUNER_AGENT_QUEUE.name());
                stepSucceeds.set(true);
                ConsoleResult retry = console.run("dlq", "retry", Long.toString(messageId));
                assertThat(retry.exitCode()).as(retry.toString()).isZero();
                assertThat(retry.out()).contains("back to " + PRODUCER_QUEUE);

                await().atMost(Duration.ofSeconds(10)).until(() -> successes.get() == 1);
                assertThat(console.run("dlq", "list", "--json").json().get("count").asInt()).isZero();
                assertThat(console.run("dlq", "list").out()).contains("the dead-letter queue is empty");
                assertThat(TestEvents.messageCount(fixture, PRODUCER_QUEUE)).isZero();
                // Only the original queue got it back: the audit log and the pruner's queue are unchanged.
                assertThat(TestEvents.messageCount(fixture, Topology.AUDIT_QUEUE)).isEqualTo(auditBefore);
                assertThat(TestEvents.messageCount(fixture, Topology.PRUNER_AGENT_QUEUE.name())).isEqualTo(prunerBefore);

                ConsoleResult unknown = console.run("dlq", "retry", Long.toString(messageId));
                assertThat(unknown.exitCode()).isEqualTo(ExitCodes.FAILED);
                assertThat(unknown.err()).contains("no dead letter with id " + messageId).doesNotContain("\tat ");
            } finally {
                consumer.stop();
            }
        }
    }

    @Test
    void malformedJsonAndUnknownTypesAreDeadLetteredByTheConsumerWithTheirReason(@TempDir Path root) throws Exception {
        try (BrokerFixture fixture = BrokerFixture.start(root);
             Connection connection = fixture.client(BrokerRole.PRODUCER).connect()) {
            ConsoleHarness console = new ConsoleHarness(fixture);
            AtomicInteger handled = new AtomicInteger();
            StepConsumer consumer = new StepConsumer(connection, PRODUCER_QUEUE, "producer-agent/snapshot", "prod-srv",
                    (trigger, context) -> {
                        handled.incrementAndGet();
                        return List.of();
                    }, QUICK_STEPS);
            consumer.start();
            try {
                fixture.publish("raw-1", "BackupRequested", "home", "{\"eventId\": \"raw-1\", truncated");
                fixture.publish("raw-2", "BackupRequested", "home", "{\"type\":\"BackupRequestedV9\",\"payload\":{}}");

                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(console.run("dlq", "list", "--json").json().get("count").asInt()).isEqualTo(2));
                List<JsonNode> letters = List.copyOf(list(console.run("dlq", "list", "--json").json().get("deadLetters")));
                assertThat(letters).extracting(l -> l.get("lastFailure").asText()).satisfiesExactlyInAnyOrder(
                        reason -> assertThat(reason).startsWith("malformed JSON"),
                        reason -> assertThat(reason).isEqualTo("unknown type \"BackupRequestedV9\""));
                assertThat(letters).allSatisfy(letter -> {
                    assertThat(letter.get("reasonSource").asText()).isEqualTo("deadLetterReason");
                    assertThat(letter.get("originalQueue").asText()).isEqualTo(PRODUCER_QUEUE);
                    assertThat(letter.get("deliveryCount").asInt()).isEqualTo(1);
                });
                assertThat(console.run("dlq", "list").out()).contains("unknown type \"BackupRequestedV9\"");
                assertThat(handled.get()).isZero();
            } finally {
                consumer.stop();
            }
        }
    }

    @Test
    void purgeAsksFirstAndRefusesWithoutATerminal(@TempDir Path root) throws Exception {
        try (BrokerFixture fixture = BrokerFixture.start(root)) {
            ConsoleHarness console = new ConsoleHarness(fixture);
            deadLetter(fixture, "d-1");
            deadLetter(fixture, "d-2");

            ConsoleResult refused = console.run("dlq", "purge");
            assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(refused.err()).contains("no terminal").contains("--yes").doesNotContain("\tat ");
            assertThat(dlqCount(console)).isEqualTo(2);

            ScriptedTerminal saysNo = new ScriptedTerminal("no");
            ConsoleResult declined = console.withEnvironment(console.environment().withTerminal(saysNo)).run("dlq", "purge");
            assertThat(declined.exitCode()).isEqualTo(ExitCodes.FAILED);
            assertThat(saysNo.prompts()).singleElement().asString().contains("Delete all 2 dead letter(s)");
            assertThat(dlqCount(console)).isEqualTo(2);

            ScriptedTerminal saysYes = new ScriptedTerminal("yes");
            ConsoleResult confirmed = console.withEnvironment(console.environment().withTerminal(saysYes)).run("dlq", "purge");
            assertThat(confirmed.exitCode()).as(confirmed.toString()).isZero();
            assertThat(confirmed.out()).contains("deleted 2 dead letter(s)");
            assertThat(dlqCount(console)).isZero();

            deadLetter(fixture, "d-3");
            ConsoleResult scripted = console.withEnvironment(console.environment().withTerminal(Terminal.none()))
                    .run("dlq", "purge", "--yes", "--json");
            assertThat(scripted.exitCode()).isZero();
            assertThat(scripted.json().get("purged").asLong()).isEqualTo(1);
        }
    }

    @Test
    void retryAllAndArgumentChecks(@TempDir Path root) throws Exception {
        try (BrokerFixture fixture = BrokerFixture.start(root)) {
            ConsoleHarness console = new ConsoleHarness(fixture);
            assertThat(console.run("dlq", "retry").exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(console.run("dlq", "retry", "1", "--all").exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(console.run("dlq").exitCode()).isEqualTo(ExitCodes.USAGE);

            ConsoleResult none = console.run("dlq", "retry", "--all", "--json");
            assertThat(none.exitCode()).as(none.toString()).isZero();
            assertThat(none.json().get("retried").asLong()).isZero();
        }
    }

    /** A message a consumer dead-lettered itself (as StepConsumer does), straight onto the dead-letter address. */
    private static void deadLetter(BrokerFixture fixture, String eventId) throws Exception {
        try (Connection connection = fixture.client(BrokerRole.PRUNER).connect()) {
            var session = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            var message = BrokerFixture.event(session, eventId, "PruneRequested", "home", "{}");
            message.setStringProperty(Topology.PROPERTY_DEAD_LETTER_REASON, "test reason");
            message.setStringProperty(Topology.PROPERTY_ORIGINAL_QUEUE, Topology.PRUNER_AGENT_QUEUE.name());
            session.createProducer(session.createQueue(Topology.DEAD_LETTER_ADDRESS)).send(message);
        }
    }

    private static int dlqCount(ConsoleHarness console) {
        return console.run("dlq", "list", "--json").json().get("count").asInt();
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> nodes = new java.util.ArrayList<>();
        array.forEach(nodes::add);
        return nodes;
    }
}
