package org.btrfssendbackup.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.btrfssendbackup.core.net.LoopbackPorts;
import org.btrfssendbackup.messages.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 9 on real Artemis brokers: an event whose host is not one its broker user is
 * bound to goes to the dead-letter queue with the reason, body intact, and reaches no agent
 * queue and no audit; the send itself succeeds. Unbound users (the standard producer, the
 * operator) may name any host.
 */
class HostBindingTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration FAST = Duration.ofMillis(100);

    @TempDir
    Path dir;

    @Test
    void aBoundUserClaimingAnotherHostIsDeadLetteredWithTheReasonAndReachesNoQueue() throws Exception {
        try (BrokerFixture broker = BrokerFixture.start(withWeb1(BrokerFixture.settings(dir.resolve("b"))))) {
            BrokerClient web1 = web1(broker);
            send(web1, Topology.EVENTS_ADDRESS, "forged-trigger", "BackupRequested", "web2", "{\"host\":\"web2\"}");
            send(web1, Topology.EVENTS_ADDRESS, "forged-request", "PruneRequested", "web2", "{}");
            send(web1, Topology.EVENTS_ADDRESS, "no-host", "PruneRequested", null, "{}");

            assertThat(queued(broker, Topology.PRODUCER_AGENT_QUEUE.name())).isZero();
            assertThat(queued(broker, Topology.PRUNER_AGENT_QUEUE.name())).isZero();
            assertThat(queued(broker, Topology.AUDIT_QUEUE)).isZero();
            List<DeadLetter> letters = deadLetters(broker);
            assertThat(letters).extracting(DeadLetter::eventId).containsExactly("forged-trigger", "forged-request", "no-host");
            assertThat(letters.get(0).deadLetterReason()).isEqualTo("host web2 claimed by broker user web1, bound to web1");
            assertThat(letters.get(0).body()).isEqualTo("{\"host\":\"web2\"}");
            assertThat(letters.get(0).type()).isEqualTo("BackupRequested");
            assertThat(letters.get(2).deadLetterReason()).isEqualTo("no host claimed by broker user web1, bound to web1");

            // The operator's dlq retry sends it back through the same check: a dead letter again, never to an agent.
            try (DeadLetters dlq = DeadLetters.connect(broker.client(BrokerRole.OPERATOR))) {
                assertThat(dlq.retry(letters.get(0).messageId())).isTrue();
            }
            assertThat(queued(broker, Topology.PRODUCER_AGENT_QUEUE.name())).isZero();
            assertThat(deadLetters(broker)).extracting(DeadLetter::eventId)
                    .containsExactly("forged-request", "no-host", "forged-trigger");
        }
    }

    @Test
    void aBoundUserClaimingAnotherHostThroughItsRetryQueueIsDeadLettered() throws Exception {
        try (BrokerFixture broker = BrokerFixture.start(withWeb1(BrokerFixture.settings(dir.resolve("b"))))) {
            // web1's retry copies go to its own host queue (issue 16), which it may send to.
            String own = Topology.producerHostQueueName("web1");
            send(web1(broker), Topology.fullyQualified(own), "forged-retry", "BackupRequested", "web2", "{}");
            send(web1(broker), Topology.fullyQualified(own), "own-retry", "BackupRequested", "web1", "{}");

            assertThat(queued(broker, own)).isEqualTo(1);
            assertThat(deadLetters(broker)).extracting(DeadLetter::eventId).containsExactly("forged-retry");
        }
    }

    @Test
    void aBoundUserNamingItsOwnHostAndUnboundUsersNamingAnyHostAreDelivered() throws Exception {
        try (BrokerFixture broker = BrokerFixture.start(withWeb1(BrokerFixture.settings(dir.resolve("b"))))) {
            send(web1(broker), Topology.EVENTS_ADDRESS, "own", "PruneRequested", "web1", "{}");
            send(broker.client(BrokerRole.PRODUCER), Topology.EVENTS_ADDRESS, "standard-producer", "PruneRequested", "web2", "{}");
            send(broker.client(BrokerRole.RECEIVER), Topology.EVENTS_ADDRESS, "standard-receiver", "PruneRequested", "web3", "{}");
            send(broker.client(BrokerRole.OPERATOR), Topology.EVENTS_ADDRESS, "operator", "PruneRequested", "web2", "{}");
            send(broker.client(BrokerRole.PRUNER), Topology.EVENTS_ADDRESS, "pruner", "PruneRequested", "web2", "{}");

            assertThat(queued(broker, Topology.PRUNER_AGENT_QUEUE.name())).isEqualTo(5);
            assertThat(queued(broker, Topology.AUDIT_QUEUE)).isEqualTo(5);
            assertThat(deadLetters(broker)).isEmpty();
        }
    }

    @Test
    void aUserBoundToSeveralHostsMayNameEachOfThemOnly() throws Exception {
        BrokerSettings base = BrokerFixture.settings(dir.resolve("b"));
        BrokerFixture.writePassword(base.users().get(0).passwordFile().resolveSibling("ingest.password"), "ingest-secret");
        List<BrokerUser> users = new ArrayList<>(base.users());
        users.add(new BrokerUser("ingest", BrokerRole.RECEIVER,
                base.users().get(0).passwordFile().resolveSibling("ingest.password"), java.util.Set.of("web1", "web2")));
        try (BrokerFixture broker = BrokerFixture.start(base.withUsers(users))) {
            BrokerClient ingest = new BrokerClient(broker.broker().inVmUrl(), "ingest", "ingest-secret");
            send(ingest, Topology.EVENTS_ADDRESS, "a", "PruneRequested", "web1", "{}");
            send(ingest, Topology.EVENTS_ADDRESS, "b", "PruneRequested", "web2", "{}");
            send(ingest, Topology.EVENTS_ADDRESS, "c", "PruneRequested", "web3", "{}");

            assertThat(queued(broker, Topology.PRUNER_AGENT_QUEUE.name())).isEqualTo(2);
            assertThat(deadLetters(broker)).singleElement().extracting(DeadLetter::deadLetterReason)
                    .isEqualTo("host web3 claimed by broker user ingest, bound to web1,web2");
        }
    }

    /** A prod-srv's local broker forwards to the hub as web1: the hub checks the bridge's user. */
    @Test
    void aForgedHostForwardedThroughAHubBridgeIsDeadLetteredAtTheHub() throws Exception {
        BrokerSettings hubSettings = withWeb1(BrokerFixture.settings(dir.resolve("hub")))
                .withTcpAcceptor(new TcpAcceptorSettings("127.0.0.1", LoopbackPorts.free(), null));
        Path web1Password = hubSettings.users().get(0).passwordFile().resolveSibling("web1.password");
        BrokerSettings localSettings = BrokerFixture.settings(dir.resolve("local"))
                .withForwardToHub(HubForwardSettings.to("tcp://127.0.0.1:" + hubSettings.tcp().orElseThrow().port(),
                        "web1", web1Password).withRetry(FAST, 2.0, FAST.multipliedBy(4)));
        try (BrokerFixture hub = BrokerFixture.start(hubSettings);
             BrokerFixture local = BrokerFixture.start(localSettings)) {
            // On its own broker the prod-srv's producer user is the standard, unbound one.
            send(local.client(BrokerRole.PRODUCER), Topology.EVENTS_ADDRESS, "own", "PruneRequested", "web1", "{}");
            send(local.client(BrokerRole.PRODUCER), Topology.EVENTS_ADDRESS, "forged", "PruneRequested", "web2", "{\"x\":1}");
            assertThat(local.broker().awaitForwarded(WAIT)).isZero();

            assertThat(queued(hub, Topology.PRUNER_AGENT_QUEUE.name())).isEqualTo(1);
            assertThat(queued(hub, Topology.AUDIT_QUEUE)).isEqualTo(1);
            List<DeadLetter> letters = deadLetters(hub);
            assertThat(letters).singleElement().satisfies(letter -> {
                assertThat(letter.eventId()).isEqualTo("forged");
                assertThat(letter.deadLetterReason()).isEqualTo("host web2 claimed by broker user web1, bound to web1");
                assertThat(letter.body()).isEqualTo("{\"x\":1}");
            });
        }
    }

    /** The fixture's settings plus a producer user web1 (bound to host web1 by its name) with its password file. */
    static BrokerSettings withWeb1(BrokerSettings settings) throws Exception {
        Path file = settings.users().get(0).passwordFile().resolveSibling("web1.password");
        BrokerFixture.writePassword(file, "web1-secret");
        List<BrokerUser> users = new ArrayList<>(settings.users());
        users.add(new BrokerUser("web1", BrokerRole.PRODUCER, file));
        return settings.withUsers(users);
    }

    private static BrokerClient web1(BrokerFixture broker) {
        return new BrokerClient(broker.broker().inVmUrl(), "web1", "web1-secret");
    }

    private static void send(BrokerClient client, String destination, String eventId, String type, String host, String body)
            throws JMSException {
        try (Connection connection = client.connect()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            // A fully qualified queue is a topic too, as the agents' RetrySender names it.
            MessageProducer producer = session.createProducer(session.createTopic(destination));
            TextMessage message = BrokerFixture.event(session, eventId, type, "home", body);
            if (host != null) {
                message.setStringProperty(Topology.PROPERTY_HOST, host);
            }
            producer.send(message);
        }
    }

    private static long queued(BrokerFixture broker, String queue) throws JMSException {
        return DeadLetterFlowTest.messageCount(broker, queue);
    }

    private static List<DeadLetter> deadLetters(BrokerFixture broker) {
        try (DeadLetters letters = DeadLetters.connect(broker.client(BrokerRole.OPERATOR))) {
            return letters.list();
        }
    }
}
