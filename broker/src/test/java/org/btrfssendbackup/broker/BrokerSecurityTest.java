package org.btrfssendbackup.broker;

import org.btrfssendbackup.messages.Topology;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.Session;

import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The permission matrix of design.md section 7 against a real broker. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerSecurityTest {

    enum Action { SEND_EVENTS, CONSUME_AUDIT, BROWSE_AUDIT, CONSUME_PRODUCER_AGENT, CONSUME_PRUNER_AGENT,
        CONSUME_DEAD_LETTERS, BROWSE_DEAD_LETTERS, SEND_DEAD_LETTER, SEND_MANAGEMENT,
        SEND_PRODUCER_AGENT_RETRY, SEND_PRUNER_AGENT_RETRY }

    /** What each role may do; everything else must be refused. */
    private static final Map<BrokerRole, Set<Action>> ALLOWED = Map.of(
            BrokerRole.PRODUCER, Set.of(Action.SEND_EVENTS, Action.CONSUME_PRODUCER_AGENT, Action.SEND_DEAD_LETTER,
                    Action.SEND_PRODUCER_AGENT_RETRY),
            BrokerRole.RECEIVER, Set.of(Action.SEND_EVENTS),
            BrokerRole.PRUNER, Set.of(Action.SEND_EVENTS, Action.CONSUME_PRUNER_AGENT, Action.SEND_DEAD_LETTER,
                    Action.SEND_PRUNER_AGENT_RETRY),
            BrokerRole.OPERATOR, Set.of(Action.values()));

    BrokerFixture fixture;

    @BeforeAll
    void startBroker(@TempDir Path root) throws Exception {
        fixture = BrokerFixture.start(root);
    }

    @AfterAll
    void stopBroker() {
        fixture.close();
    }

    static Stream<Arguments> matrix() {
        List<Arguments> rows = new ArrayList<>();
        for (BrokerRole role : BrokerRole.values()) {
            for (Action action : Action.values()) {
                rows.add(Arguments.of(role, action, ALLOWED.get(role).contains(action)));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} {1} allowed={2}")
    @MethodSource("matrix")
    void eachRoleMayDoOnlyWhatItsAgentNeeds(BrokerRole role, Action action, boolean allowed) throws Exception {
        try (Connection connection = fixture.client(role).connect()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            if (allowed) {
                perform(session, action);
            } else {
                assertThatThrownBy(() -> perform(session, action)).isInstanceOf(JMSSecurityException.class);
            }
        }
    }

    private static void perform(Session session, Action action) throws JMSException {
        switch (action) {
            case SEND_EVENTS -> session.createProducer(session.createTopic(Topology.EVENTS_ADDRESS))
                    .send(BrokerFixture.event(session, "sec-" + System.nanoTime(), "Probe", "set", "{}"));
            case CONSUME_AUDIT -> consume(session, Topology.fullyQualified(Topology.AUDIT_QUEUE));
            case BROWSE_AUDIT -> session.createBrowser(session.createQueue(Topology.fullyQualified(Topology.AUDIT_QUEUE)))
                    .getEnumeration().hasMoreElements();
            case CONSUME_PRODUCER_AGENT -> consume(session, Topology.fullyQualified(Topology.PRODUCER_AGENT_QUEUE.name()));
            case CONSUME_PRUNER_AGENT -> consume(session, Topology.fullyQualified(Topology.PRUNER_AGENT_QUEUE.name()));
            case CONSUME_DEAD_LETTERS -> consume(session, Topology.DEAD_LETTER_QUEUE);
            case BROWSE_DEAD_LETTERS -> session.createBrowser(session.createQueue(Topology.DEAD_LETTER_QUEUE))
                    .getEnumeration().hasMoreElements();
            case SEND_DEAD_LETTER -> session.createProducer(session.createQueue(Topology.DEAD_LETTER_ADDRESS))
                    .send(BrokerFixture.event(session, "dl-" + System.nanoTime(), "Probe", "set", "not json"));
            // A step consumer's delayed retry copy goes straight to its own queue (StepConsumer's RetrySender).
            case SEND_PRODUCER_AGENT_RETRY -> session.createProducer(
                            session.createTopic(Topology.fullyQualified(Topology.PRODUCER_AGENT_QUEUE.name())))
                    .send(BrokerFixture.event(session, "retry-" + System.nanoTime(), "Probe", "set", "{}"));
            case SEND_PRUNER_AGENT_RETRY -> session.createProducer(
                            session.createTopic(Topology.fullyQualified(Topology.PRUNER_AGENT_QUEUE.name())))
                    .send(BrokerFixture.event(session, "retry-" + System.nanoTime(), "Probe", "set", "{}"));
            case SEND_MANAGEMENT -> {
                Message request = session.createMessage();
                JMSManagementHelper.putAttribute(request, BrokerManagement.queueResource(Topology.AUDIT_QUEUE), "messageCount");
                session.createProducer(session.createQueue(BrokerManagement.MANAGEMENT_ADDRESS)).send(request);
            }
        }
    }

    private static void consume(Session session, String queue) throws JMSException {
        session.createConsumer(session.createQueue(queue)).close();
    }

    @Test
    void anonymousConnectionIsRefused() {
        assertThatThrownBy(() -> new ActiveMQConnectionFactory(fixture.broker().inVmUrl()).createConnection().close())
                .isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void wrongPasswordIsRefused() {
        BrokerClient wrong = new BrokerClient(fixture.broker().inVmUrl(), "operator", "producer-secret");
        assertThatThrownBy(() -> wrong.connect().close()).isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void unknownUserIsRefused() {
        BrokerClient stranger = new BrokerClient(fixture.broker().inVmUrl(), "mallory", "operator-secret");
        assertThatThrownBy(() -> stranger.connect().close()).isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void producerCannotUseManagementOperations() {
        assertThatThrownBy(() -> BrokerManagement.connect(fixture.client(BrokerRole.PRODUCER)).close())
                .isInstanceOf(BrokerManagementException.class)
                .hasMessageContaining("as producer");
    }

    @Test
    void operatorCanManage() {
        try (BrokerManagement management = BrokerManagement.connect(fixture.client(BrokerRole.OPERATOR))) {
            Object count = management.attribute(BrokerManagement.queueResource(Topology.DEAD_LETTER_QUEUE), "messageCount");
            assertThat(count).isInstanceOf(Number.class);
        }
    }
}
