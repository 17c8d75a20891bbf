package org.btrfssendbackup.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.btrfssendbackup.broker.BrokerFixture;
import org.btrfssendbackup.broker.BrokerRole;
import org.btrfssendbackup.broker.BrokerSettings;
import org.btrfssendbackup.broker.BrokerUser;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.messages.EventCodec;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} (and its former name {@code request}) against a real broker: the BackupRequested
 * lands in the host's own queue, or says where else.
 */
class RequestCommandTest {

    @TempDir
    Path dir;

    @Test
    void aRequestForABoundHostGoesToThatHostsQueue() throws Exception {
        BrokerSettings settings = BrokerFixture.settings(dir);
        List<BrokerUser> users = new ArrayList<>(settings.users());
        Path web1Password = dir.resolve("passwords/web1.password");
        BrokerFixture.writePassword(web1Password, "web1-secret");
        users.add(new BrokerUser("web1", BrokerRole.PRODUCER, web1Password));
        try (BrokerFixture fixture = BrokerFixture.start(settings.withUsers(users))) {
            ConsoleResult result = new ConsoleHarness(fixture).run("--json", "run", "--host", "web1", "--set", "web1/rootfs",
                    "--full");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
            assertThat(result.err()).isEmpty();
            assertThat(result.json().get("queue").asText()).isEqualTo("producer-agent.web1");
            EventEnvelope request = take(fixture, "producer-agent.web1");
            assertThat(request.eventId().toString()).isEqualTo(result.json().get("eventId").asText());
            assertThat(request.runId()).isEqualTo(result.json().get("runId").asText());
            assertThat(request.host()).isEqualTo("web1");
            assertThat(request.backupSet()).isEqualTo("web1/rootfs");
            assertThat(request.payload()).isInstanceOfSatisfying(BackupRequested.class, p -> {
                assertThat(p.trigger()).isEqualTo("ops-console");
                assertThat(p.requestedBy()).startsWith("operator@");
                assertThat(p.forceFull()).isTrue();
            });
            assertThat(take(fixture, Topology.PRODUCER_AGENT_QUEUE.name())).isNull();
        }
    }

    /** The issue's {@code run --host H}: without --set the request names no set, i.e. every set of the host. */
    @Test
    void runWithoutASetRequestsEverySetOfTheHost() throws Exception {
        BrokerSettings settings = BrokerFixture.settings(dir);
        List<BrokerUser> users = new ArrayList<>(settings.users());
        Path web1Password = dir.resolve("passwords/web1.password");
        BrokerFixture.writePassword(web1Password, "web1-secret");
        users.add(new BrokerUser("web1", BrokerRole.PRODUCER, web1Password));
        try (BrokerFixture fixture = BrokerFixture.start(settings.withUsers(users))) {
            ConsoleResult result = new ConsoleHarness(fixture).run("run", "--host", "web1");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
            assertThat(result.out()).startsWith("requested a backup of every set on web1: event ")
                    .contains("(queue producer-agent.web1)");
            EventEnvelope request = take(fixture, "producer-agent.web1");
            assertThat(request.host()).isEqualTo("web1");
            assertThat(request.backupSet()).isNull();
            assertThat(request.payload()).isInstanceOf(BackupRequested.class);
        }
    }

    @Test
    void aRequestForAHostWithoutItsOwnQueueSaysWhereItWaits() throws Exception {
        try (BrokerFixture fixture = BrokerFixture.start(dir)) {
            ConsoleResult result = new ConsoleHarness(fixture).run("request", "--host", "prod-srv", "--set", "prod-srv/rootfs");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
            assertThat(result.out()).startsWith("requested a backup of prod-srv/rootfs on prod-srv: event ")
                    .contains("(queue producer-agent)");
            assertThat(result.err()).startsWith("notice: the broker has no queue producer-agent.prod-srv:");
            assertThat(take(fixture, Topology.PRODUCER_AGENT_QUEUE.name()).host()).isEqualTo("prod-srv");
        }
    }

    @Test
    void aHostOrSetOutsideTheEventGrammarIsAUsageError() throws Exception {
        try (BrokerFixture fixture = BrokerFixture.start(dir)) {
            ConsoleHarness console = new ConsoleHarness(fixture);
            ConsoleResult badHost = console.run("request", "--host", "web'1", "--set", "web1/rootfs");
            assertThat(badHost.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(badHost.err()).contains("invalid host name \"web'1\"");
            ConsoleResult badSet = console.run("request", "--host", "web1", "--set", "../x");
            assertThat(badSet.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(take(fixture, Topology.PRODUCER_AGENT_QUEUE.name())).isNull();
        }
    }

    private static EventEnvelope take(BrokerFixture fixture, String queue) throws Exception {
        try (Connection connection = fixture.client(BrokerRole.OPERATOR).connect()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (MessageConsumer consumer = session.createConsumer(session.createQueue(Topology.fullyQualified(queue)))) {
                Message message = consumer.receive(1_000);
                return message == null ? null : new EventCodec().decode(((TextMessage) message).getText()).envelope();
            }
        }
    }
}
