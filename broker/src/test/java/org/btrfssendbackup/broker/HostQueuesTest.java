package org.btrfssendbackup.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.btrfssendbackup.messages.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, one queue per producer host, on a real broker with real users: the broker makes
 * {@code producer-agent.HOST} for every host a producer user is bound to, each takes only the
 * triggers published for its host (not forwarded ones), the shared queue no longer takes them,
 * and only the host's own user (and the operator) may consume it.
 */
class HostQueuesTest {

    @TempDir
    Path dir;

    @Test
    void theBrokerMakesOneQueuePerBoundProducerHostAndEachTakesOnlyItsHostsRequests() throws Exception {
        try (BrokerFixture broker = BrokerFixture.start(withHosts(BrokerFixture.settings(dir.resolve("b"))))) {
            BrokerClient operator = broker.client(BrokerRole.OPERATOR);
            send(operator, Topology.EVENTS_ADDRESS, "for-web1", "BackupRequested", "web1", null);
            send(operator, Topology.EVENTS_ADDRESS, "for-web2", "BackupRequested", "web2", null);
            send(operator, Topology.EVENTS_ADDRESS, "for-web4", "BackupRequested", "web4", null);
            send(operator, Topology.EVENTS_ADDRESS, "for-unbound", "BackupRequested", "web9", null);
            send(operator, Topology.EVENTS_ADDRESS, "for-colons", "BackupRequested", "web:6", null);
            send(operator, Topology.EVENTS_ADDRESS, "prune-web1", "PruneRequested", "web1", null);
            // web1's own local broker forwarded this one: web1 ran it there already.
            send(client(broker, "web1"), Topology.EVENTS_ADDRESS, "forwarded-web1", "BackupRequested", "web1", "local");

            assertThat(queued(broker, "producer-agent.web1")).isEqualTo(1);
            assertThat(queued(broker, "producer-agent.web2")).isEqualTo(1);
            assertThat(queued(broker, "producer-agent.web3")).isZero();
            assertThat(queued(broker, "producer-agent.web4")).isEqualTo(1);
            assertThat(queued(broker, Topology.PRODUCER_AGENT_QUEUE.name())).as("only the host without its own queue")
                    .isEqualTo(1);
            assertThat(queued(broker, "producer-agent.web:6")).isEqualTo(1);
            assertThat(queued(broker, Topology.AUDIT_QUEUE)).isEqualTo(7);
            assertThat(received(client(broker, "web1"), "producer-agent.web1")).isEqualTo("for-web1");
            assertThat(received(client(broker, "shared"), "producer-agent.web4")).isEqualTo("for-web4");
            assertThat(received(client(broker, "shared"), "producer-agent.web:6")).as("a host name with a colon")
                    .isEqualTo("for-colons");
            assertThat(received(broker.client(BrokerRole.PRODUCER), Topology.PRODUCER_AGENT_QUEUE.name()))
                    .isEqualTo("for-unbound");
        }
    }

    @Test
    void noHostQueueIsMadeForUnboundOrReceiverUsersAndNoneOnFirstUse() throws Exception {
        try (BrokerFixture broker = BrokerFixture.start(BrokerFixture.settings(dir.resolve("b")))) {
            try (BrokerManagement management = BrokerManagement.connect(broker.client(BrokerRole.OPERATOR))) {
                Object[] names = (Object[]) management.attribute(BrokerManagement.brokerResource(), "queueNames");
                assertThat(java.util.Arrays.stream(names).map(String::valueOf)).contains(Topology.AUDIT_QUEUE)
                        .noneMatch(n -> n.startsWith(Topology.PRODUCER_HOST_QUEUE_PREFIX));
            }
            // Consuming a host queue nobody is bound to is an error, not a new queue.
            assertThatThrownBy(() -> received(broker.client(BrokerRole.PRODUCER), "producer-agent.web1"))
                    .isInstanceOf(JMSException.class);
            assertThatThrownBy(() -> received(broker.client(BrokerRole.OPERATOR), "producer-agent.web1"))
                    .isInstanceOf(JMSException.class);
        }
    }

    @Test
    void aHostsUserMayConsumeOnlyItsOwnHostQueue() throws Exception {
        try (BrokerFixture broker = BrokerFixture.start(withHosts(BrokerFixture.settings(dir.resolve("b"))))) {
            send(broker.client(BrokerRole.OPERATOR), Topology.EVENTS_ADDRESS, "for-web2", "BackupRequested", "web2", null);

            assertThatThrownBy(() -> received(client(broker, "web1"), "producer-agent.web2"))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> received(client(broker, "shared"), "producer-agent.web2"))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> received(broker.client(BrokerRole.PRODUCER), "producer-agent.web2"))
                    .as("the unbound standard producer").isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> received(client(broker, "web1"), Topology.AUDIT_QUEUE))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> received(broker.client(BrokerRole.PRUNER), "producer-agent.web2"))
                    .isInstanceOf(JMSSecurityException.class);
            assertThat(queued(broker, "producer-agent.web2")).as("nothing taken by the refused").isEqualTo(1);
            assertThat(received(client(broker, "web2"), "producer-agent.web2")).isEqualTo("for-web2");
        }
    }

    /** A step consumer's delayed retry copy goes to its own queue, fully qualified: the host's user may send it. */
    @Test
    void aHostsUserMaySendItsRetryCopiesToItsOwnQueueOnly() throws Exception {
        try (BrokerFixture broker = BrokerFixture.start(withHosts(BrokerFixture.settings(dir.resolve("b"))))) {
            send(client(broker, "web1"), Topology.fullyQualified("producer-agent.web1"), "retry", "BackupRequested",
                    "web1", null);
            assertThatThrownBy(() -> send(client(broker, "web1"), Topology.fullyQualified("producer-agent.web2"),
                    "other", "BackupRequested", "web1", null)).isInstanceOf(JMSSecurityException.class);
            assertThat(queued(broker, "producer-agent.web1")).isEqualTo(1);
            assertThat(queued(broker, "producer-agent.web2")).isZero();
        }
    }

    /** "::" separates address and queue in Artemis: a producer bound to such a host name is refused, not misrouted. */
    @Test
    void aProducerHostWithArtemisQueueSeparatorIsRefused() {
        assertThatThrownBy(() -> new BrokerUser("web7", BrokerRole.PRODUCER, dir.resolve("web7.password"), Set.of("fe80::1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broker user web7").hasMessageContaining("fe80::1").hasMessageContaining("::");
        assertThat(new BrokerUser("ingest", BrokerRole.RECEIVER, dir.resolve("i.password"), Set.of("fe80::1")).hosts())
                .as("a receiver has no queue").containsExactly("fe80::1");
    }

    /**
     * The fixture's users plus producers web1, web2 (bound by name), shared (bound to web3 and
     * web4) and a receiver ingest bound to web5, which gets no queue.
     */
    static BrokerSettings withHosts(BrokerSettings settings) throws Exception {
        List<BrokerUser> users = new ArrayList<>(settings.users());
        users.add(new BrokerUser("web1", BrokerRole.PRODUCER, password(settings, "web1")));
        users.add(new BrokerUser("web2", BrokerRole.PRODUCER, password(settings, "web2")));
        users.add(new BrokerUser("shared", BrokerRole.PRODUCER, password(settings, "shared"), Set.of("web3", "web4", "web:6")));
        users.add(new BrokerUser("ingest", BrokerRole.RECEIVER, password(settings, "ingest"), Set.of("web5")));
        return settings.withUsers(users);
    }

    private static Path password(BrokerSettings settings, String user) throws Exception {
        Path file = settings.users().get(0).passwordFile().resolveSibling(user + ".password");
        BrokerFixture.writePassword(file, user + "-secret");
        return file;
    }

    private static BrokerClient client(BrokerFixture broker, String user) {
        return new BrokerClient(broker.broker().inVmUrl(), user, user + "-secret");
    }

    private static void send(BrokerClient client, String destination, String eventId, String type, String host,
                             String forwardedFrom) throws JMSException {
        try (Connection connection = client.connect()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createTopic(destination));
            TextMessage message = BrokerFixture.event(session, eventId, type, "home", "{}");
            message.setStringProperty(Topology.PROPERTY_HOST, host);
            if (forwardedFrom != null) {
                message.setStringProperty(Topology.PROPERTY_FORWARDED_FROM, forwardedFrom);
            }
            producer.send(message);
        }
    }

    /** Takes one message from the queue as {@code client}; returns its event id (null when none came). */
    private static String received(BrokerClient client, String queue) throws JMSException {
        try (Connection connection = client.connect()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (MessageConsumer consumer = session.createConsumer(session.createQueue(Topology.fullyQualified(queue)))) {
                Message message = consumer.receive(5_000);
                return message == null ? null : message.getStringProperty(Topology.PROPERTY_DUPLICATE_ID);
            }
        }
    }

    private static long queued(BrokerFixture broker, String queue) throws JMSException {
        return DeadLetterFlowTest.messageCount(broker, queue);
    }
}
