package org.btrfssendbackup.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.btrfssendbackup.core.net.LoopbackPorts;
import org.btrfssendbackup.ops.console.Terminal;
import jakarta.jms.Connection;
import org.btrfssendbackup.broker.BrokerFixture;
import org.btrfssendbackup.broker.BrokerRole;
import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code metrics}: the status verdicts and the dead letters as Prometheus text, on a real broker. */
class MetricsCommandTest {

    private static final Instant NOW = Instant.parse("2024-05-02T12:00:00Z");

    @Test
    void verdictsLastSuccessAndDeadLettersAsPrintedAndAsATextfile(@TempDir Path root) throws Exception {
        try (BrokerFixture fixture = BrokerFixture.start(root.resolve("broker"))) {
            ConsoleHarness console = new ConsoleHarness(fixture);
            console.withEnvironment(console.environment().withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
            TestEvents.publish(fixture,
                    TestEvents.completed("fresh", NOW.minusSeconds(7200)),
                    TestEvents.completed("broken", NOW.minusSeconds(3 * 3600)),
                    TestEvents.stepFailed("broken", NOW.minusSeconds(3600)),
                    TestEvents.completed("damaged", NOW.minusSeconds(5 * 3600)),
                    TestEvents.streamCorrupt("damaged", NOW.minusSeconds(4 * 3600)));
            deadLetter(fixture, "d-1");

            ConsoleResult printed = console.run("metrics");
            assertThat(printed.exitCode()).as(printed.toString()).isZero();
            String host = "host=\"" + TestEvents.HOST + "\"";
            assertThat(printed.out()).contains(
                    "btrfs_backup_set_status{" + host + ",set=\"fresh\",status=\"ok\"} 1.0",
                    "btrfs_backup_set_status{" + host + ",set=\"broken\",status=\"failing\"} 1.0",
                    "btrfs_backup_set_status{" + host + ",set=\"damaged\",status=\"corrupt\"} 1.0",
                    "btrfs_backup_set_status{" + host + ",set=\"damaged\",status=\"failing\"} 0.0",
                    "btrfs_backup_last_success_timestamp_seconds{" + host + ",set=\"fresh\"} "
                            + (double) NOW.minusSeconds(7200).getEpochSecond(),
                    "btrfs_backup_dead_letters 1.0", "btrfs_backup_broker_up 1.0");

            Path dir = Files.createDirectories(root.resolve("textfiles"));
            assertThat(console.run("metrics", "--textfile", dir.toString()).exitCode()).isZero();
            assertThat(Files.readString(dir.resolve("btrfs-backup-console.prom"))).isEqualTo(printed.out());
        }
    }

    /** A message a consumer dead-lettered itself, as DlqCommandsTest makes one. */
    private static void deadLetter(BrokerFixture fixture, String eventId) throws Exception {
        try (Connection connection = fixture.client(BrokerRole.PRUNER).connect()) {
            var session = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            var message = BrokerFixture.event(session, eventId, "PruneRequested", "home", "{}");
            message.setStringProperty(Topology.PROPERTY_DEAD_LETTER_REASON, "test reason");
            message.setStringProperty(Topology.PROPERTY_ORIGINAL_QUEUE, Topology.PRUNER_AGENT_QUEUE.name());
            session.createProducer(session.createQueue(Topology.DEAD_LETTER_ADDRESS)).send(message);
        }
    }

    @Test
    void anUnreachableBrokerIsExportedAsDownAndFails(@TempDir Path root) throws Exception {
        Path dir = Files.createDirectories(root.resolve("textfiles"));
        Path passwordFile = root.resolve("operator.password");
        BrokerFixture.writePassword(passwordFile, "secret");
        ConsoleEnvironment environment = new ConsoleEnvironment(Map.of(ConsoleEnvironment.BROKER_URL_VARIABLE,
                "tcp://127.0.0.1:" + LoopbackPorts.free()), Clock.systemUTC(), Terminal.none());

        ConsoleResult result = ConsoleHarness.runRaw(environment, "--password-file", passwordFile.toString(),
                "metrics", "--textfile", dir.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ConsoleExitCodes.BROKER_UNREACHABLE);
        assertThat(Files.readString(dir.resolve("btrfs-backup-console.prom"))).contains("btrfs_backup_broker_up 0.0")
                .doesNotContain("btrfs_backup_dead_letters");
    }
}
