package org.btrfssendbackup.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Connection;

import org.btrfssendbackup.broker.BrokerFixture;
import org.btrfssendbackup.broker.BrokerRole;
import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.BackupMode;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --host (and --set) wherever the console shows events or status: a hub serves many prod-srvs. */
class HostFilterTest {

    @Test
    void eventsStatusAndDeadLettersShowOnlyTheChosenHost(@TempDir Path root) throws Exception {
        Instant at = Instant.now().minusSeconds(3600);
        try (BrokerFixture fixture = BrokerFixture.start(root)) {
            TestEvents.publish(fixture, completed("web1", "web1/rootfs", at), completed("web2", "web2/rootfs", at),
                    completed("web2", "web2/home", at));
            deadLetter(fixture, "d-web1", "web1", "web1/rootfs");
            deadLetter(fixture, "d-web2", "web2", "web2/home");
            ConsoleHarness console = new ConsoleHarness(fixture);

            assertThat(sets(console.run("events", "list", "--host", "web2", "--json").out()))
                    .containsExactlyInAnyOrder("web2/rootfs", "web2/home");
            assertThat(sets(console.run("events", "list", "--host", "web1", "--set", "web1/rootfs", "--json").out()))
                    .containsExactly("web1/rootfs");

            ConsoleResult status = console.run("status", "--host", "web1", "--json");
            List<String> statusSets = new ArrayList<>();
            status.json().get("sets").forEach(set -> statusSets.add(set.get("backupSet").asText()));
            assertThat(statusSets).containsExactly("web1/rootfs");

            JsonNode web2Letters = console.run("dlq", "list", "--host", "web2", "--json").json();
            assertThat(web2Letters.get("count").asInt()).isEqualTo(1);
            assertThat(web2Letters.get("deadLetters").get(0).toString()).contains("web2/home");
            assertThat(console.run("dlq", "list", "--set", "web1/rootfs", "--json").json().get("count").asInt()).isEqualTo(1);
            assertThat(console.run("dlq", "list", "--host", "web1", "--set", "web2/home", "--json").json().get("count").asInt())
                    .isZero();
        }
    }

    private static EventEnvelope completed(String host, String set, Instant at) {
        return EventEnvelope.create(Clock.fixed(at, ZoneOffset.UTC), new BackupCompleted("rootfs-20240501T020003Z",
                SnapshotKind.FULL, null, BackupMode.ENCRYPTED_STREAM, 4096, null, at.minusSeconds(60), 60_000), host, set, "run-1", null);
    }

    /** One JSON line per event: the set of each. */
    private static List<String> sets(String jsonLines) throws Exception {
        List<String> sets = new ArrayList<>();
        for (String line : jsonLines.strip().split("\n")) {
            if (!line.isBlank()) {
                sets.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).get("backupSet").asText());
            }
        }
        return sets;
    }

    private static void deadLetter(BrokerFixture fixture, String eventId, String host, String set) throws Exception {
        try (Connection connection = fixture.client(BrokerRole.PRUNER).connect()) {
            var session = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            var message = BrokerFixture.event(session, eventId, "PruneRequested", set, "{}");
            message.setStringProperty(Topology.PROPERTY_HOST, host);
            message.setStringProperty(Topology.PROPERTY_DEAD_LETTER_REASON, "test reason");
            message.setStringProperty(Topology.PROPERTY_ORIGINAL_QUEUE, Topology.PRUNER_AGENT_QUEUE.name());
            session.createProducer(session.createQueue(Topology.DEAD_LETTER_ADDRESS)).send(message);
        }
    }
}
