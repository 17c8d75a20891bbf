package org.btrfssendbackup.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import org.btrfssendbackup.broker.BrokerFixture;
import org.btrfssendbackup.broker.BrokerManagement;
import org.btrfssendbackup.broker.BrokerRole;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.EventJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventsCommandsTest {

    private static final Instant T = Instant.parse("2024-05-01T02:00:00Z");

    @Test
    void listFiltersByTypeSetAndPublicationTime(@TempDir Path root) throws Exception {
        try (BrokerFixture fixture = BrokerFixture.start(root)) {
            ConsoleHarness console = new ConsoleHarness(fixture);
            EventEnvelope early = TestEvents.requested("home");
            TestEvents.publish(fixture, early);
            Instant between = pause();
            EventEnvelope homeDone = TestEvents.completed("home", T);
            EventEnvelope mediaDone = TestEvents.completed("media", T);
            EventEnvelope mediaFailed = TestEvents.stepFailed("media", T);
            TestEvents.publish(fixture, homeDone, mediaDone, mediaFailed);

            assertThat(ids(console.run("events", "list", "--json"))).containsExactly(
                    id(early), id(homeDone), id(mediaDone), id(mediaFailed));
            assertThat(ids(console.run("events", "list", "--type", "BackupCompleted", "--json")))
                    .containsExactly(id(homeDone), id(mediaDone));
            assertThat(ids(console.run("events", "list", "--set", "media", "--json")))
                    .containsExactly(id(mediaDone), id(mediaFailed));
            assertThat(ids(console.run("events", "list", "--since", between.toString(), "--json")))
                    .containsExactly(id(homeDone), id(mediaDone), id(mediaFailed));
            assertThat(ids(console.run("events", "list", "--until", between.toString(), "--json"))).containsExactly(id(early));
            assertThat(ids(console.run("events", "list", "--since", "1h", "--set", "home", "--type", "BackupRequested", "--json")))
                    .containsExactly(id(early));

            ConsoleResult json = console.run("events", "list", "--type", "StepFailed", "--json");
            JsonNode line = json.jsonLines().get(0);
            assertThat(line.get("type").asText()).isEqualTo("StepFailed");
            assertThat(line.get("backupSet").asText()).isEqualTo("media");
            assertThat(line.get("host").asText()).isEqualTo(TestEvents.HOST);
            assertThat(line.get("publishedBy").asText()).isEqualTo("producer");
            assertThat(line.get("occurredAt").asText()).isEqualTo(T.toString());
            assertThat(line.get("event").get("payload").get("causeMessage").asText()).isEqualTo("ssh: connection reset");

            ConsoleResult human = console.run("events", "list", "--set", "home");
            assertThat(human.exitCode()).isZero();
            assertThat(human.out().lines().toList()).hasSize(2);
            assertThat(human.out()).contains("BackupCompleted  home").contains("rootfs-20240501T020003Z full, 4.0 KiB in 1m00s");
            assertThat(human.err()).contains("2 event(s)");

            ConsoleResult bad = console.run("events", "list", "--since", "yesterday");
            assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(bad.err()).contains("--since: \"yesterday\" is not a time");
        }
    }

    @Test
    void replayReturnsTheWindowsEventsEachOnceAndDeletesItsQueue(@TempDir Path root) throws Exception {
        try (BrokerFixture fixture = BrokerFixture.start(root)) {
            ConsoleHarness console = new ConsoleHarness(fixture);
            TestEvents.publish(fixture, TestEvents.requested("before"));
            Instant since = pause();
            EventEnvelope one = TestEvents.requested("home");
            EventEnvelope two = TestEvents.completed("home", T);
            EventEnvelope three = TestEvents.stepFailed("media", T);
            TestEvents.publish(fixture, one, two, three);
            TestEvents.publish(fixture, two); // same event id again: duplicate detection drops it
            Instant until = pause();
            TestEvents.publish(fixture, TestEvents.requested("after"));

            ConsoleResult replay = console.run("events", "replay", "--since", since.toString(), "--until", until.toString(),
                    "--json");
            assertThat(replay.exitCode()).as(replay.toString()).isZero();
            assertThat(ids(replay)).containsExactlyInAnyOrder(id(one), id(two), id(three));
            assertThat(replayQueues(fixture)).isEmpty();

            ConsoleResult kept = console.run("events", "replay", "--since", since.toString(), "--until", until.toString(),
                    "--set", "home", "--keep");
            assertThat(kept.exitCode()).as(kept.toString()).isZero();
            assertThat(kept.out().lines().toList()).hasSize(2);
            assertThat(kept.err()).contains("2 event(s) replayed").contains("kept in queue backup.replay.");
            assertThat(replayQueues(fixture)).hasSize(1);
        }
    }

    @Test
    void tailPrintsEventsPublishedAfterItStartedUntilItIsStopped(@TempDir Path root) throws Exception {
        try (BrokerFixture fixture = BrokerFixture.start(root)) {
            ConsoleHarness console = new ConsoleHarness(fixture);
            TestEvents.publish(fixture, TestEvents.completed("home", T)); // before the tail: not shown
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            AtomicInteger exitCode = new AtomicInteger(-1);
            Thread tail = new Thread(() -> exitCode.set(OpsMain.run(console.environment(), new java.io.PrintWriter(out, true),
                    new java.io.PrintWriter(err, true), "--broker", fixture.broker().inVmUrl(),
                    "--password-file", console.operatorPasswordFile().toString(),
                    "events", "tail", "--type", "BackupCompleted", "--json")), "events-tail");
            tail.start();
            EventEnvelope shown = TestEvents.completed("media", T);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> err.toString().contains("following backup.events"));
                EventEnvelope filteredOut = TestEvents.requested("home");
                TestEvents.publish(fixture, filteredOut, shown);

                await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains(id(shown)));
            } finally {
                tail.interrupt();
                tail.join(10_000);
            }
            assertThat(tail.isAlive()).isFalse();
            assertThat(exitCode.get()).as(err.toString()).isZero();
            List<String> lines = out.toString().lines().toList();
            assertThat(lines).hasSize(1);
            JsonNode line = EventJson.mapper().readTree(lines.get(0));
            assertThat(line.get("eventId").asText()).isEqualTo(id(shown));
            assertThat(line.get("backupSet").asText()).isEqualTo("media");
            assertThat(line.get("summary").asText()).contains("rootfs-20240501T020003Z full");
        }
    }

    @Test
    void tailWithCountStopsByItself(@TempDir Path root) throws Exception {
        try (BrokerFixture fixture = BrokerFixture.start(root)) {
            ConsoleHarness console = new ConsoleHarness(fixture);
            AtomicInteger exitCode = new AtomicInteger(-1);
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            Thread tail = new Thread(() -> exitCode.set(OpsMain.run(console.environment(), new java.io.PrintWriter(out, true),
                    new java.io.PrintWriter(err, true), "--broker", fixture.broker().inVmUrl(),
                    "--password-file", console.operatorPasswordFile().toString(), "events", "tail", "--count", "1")));
            tail.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> err.toString().contains("following"));
            TestEvents.publish(fixture, TestEvents.completed("home", T));
            tail.join(10_000);
            assertThat(tail.isAlive()).isFalse();
            assertThat(exitCode.get()).isZero();
            assertThat(out.toString()).contains("BackupCompleted  home");
        }
    }

    private static List<String> replayQueues(BrokerFixture fixture) {
        try (BrokerManagement management = BrokerManagement.connect(fixture.client(BrokerRole.OPERATOR))) {
            Object names = management.invoke(BrokerManagement.brokerResource(), "getQueueNames");
            return Arrays.stream((Object[]) names).map(String::valueOf).filter(n -> n.startsWith("backup.replay.")).toList();
        }
    }

    private static List<String> ids(ConsoleResult result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result.jsonLines().stream().map(line -> line.get("eventId").asText()).toList();
    }

    private static String id(EventEnvelope event) {
        return event.eventId().toString();
    }

    private static Instant pause() throws InterruptedException {
        Thread.sleep(20);
        Instant now = Instant.now();
        Thread.sleep(20);
        return now;
    }
}
