package org.btrfssendbackup.producer.broker;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.btrfssendbackup.broker.BrokerClient;
import org.btrfssendbackup.broker.BrokerFixture;
import org.btrfssendbackup.broker.BrokerManagement;
import org.btrfssendbackup.broker.BrokerRole;
import org.btrfssendbackup.broker.BrokerSettings;
import org.btrfssendbackup.broker.BrokerUser;
import org.btrfssendbackup.broker.DeadLetter;
import org.btrfssendbackup.broker.DeadLetters;
import org.btrfssendbackup.broker.HubForwardSettings;
import org.btrfssendbackup.broker.TcpAcceptorSettings;
import org.btrfssendbackup.core.net.LoopbackPorts;
import org.btrfssendbackup.messages.EventCodec;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.btrfssendbackup.messages.event.StepFailed;
import org.btrfssendbackup.messages.jms.EventPublisher;
import org.btrfssendbackup.messages.jms.RedeliveryPolicy;
import org.btrfssendbackup.messages.jms.StepSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 on two real Artemis brokers (a hub with a TCP acceptor and bound producer users, and
 * web1's local broker): what the console publishes at the hub for web1 reaches web1's local
 * producer-agent queue exactly once with its event id, a request for a set web1 lacks fails
 * permanently with one StepFailed, and a hub that is down at start is reached when it comes up.
 */
class HubRequestsTest {

    static final Duration FAST = Duration.ofMillis(100);
    static final StepSettings STEPS = new StepSettings(1, Duration.ZERO, FAST,
            new RedeliveryPolicy(FAST, 2.0, Duration.ofSeconds(1), 3));
    static final String SET = "web1/rootfs";

    @TempDir
    Path dir;

    @Test
    void aRequestPublishedAtTheHubForThisHostReachesTheLocalBrokerOnceWithItsEventId() throws Exception {
        BrokerSettings hubSettings = hubSettings(dir.resolve("hub"));
        try (BrokerFixture hub = BrokerFixture.start(hubSettings);
             BrokerFixture local = BrokerFixture.start(dir.resolve("local"));
             HubRequests requests = HubRequests.start(forward(hubSettings), local.client(BrokerRole.PRODUCER)
                     .connectionFactory(), "web1", List.of(SET), STEPS)) {
            waitUntil(requests::connected);
            assertThat(requests.queue()).isEqualTo("producer-agent.web1");
            EventEnvelope request = request("web1", SET);
            publish(hub, request);
            publish(hub, request("web2", "web2/rootfs"));

            waitUntil(() -> count(hub, "producer-agent.web1") == 0 && count(local, Topology.PRODUCER_AGENT_QUEUE.name()) == 1);
            assertThat(eventIds(local, Topology.PRODUCER_AGENT_QUEUE.name())).containsExactly(request.eventId().toString());

            // A redelivery at the hub (a crash after the local send, before the hub's commit) comes
            // again with the same event: the local broker keeps the one copy it has.
            sendWithOtherDuplicateId(hub, request);
            waitUntil(() -> count(hub, "producer-agent.web1") == 0);
            Thread.sleep(300);
            assertThat(eventIds(local, Topology.PRODUCER_AGENT_QUEUE.name())).containsExactly(request.eventId().toString());
            assertThat(count(hub, "producer-agent.web2")).as("web2's request waits for web2").isEqualTo(1);
        }
    }

    /** The console's run --host web1 without --set: handed over as it is, the local agent runs every set. */
    @Test
    void aRequestNamingNoSetReachesTheLocalBrokerAsItIs() throws Exception {
        BrokerSettings hubSettings = hubSettings(dir.resolve("hub"));
        try (BrokerFixture hub = BrokerFixture.start(hubSettings);
             BrokerFixture local = BrokerFixture.start(dir.resolve("local"));
             HubRequests requests = HubRequests.start(forward(hubSettings), local.client(BrokerRole.PRODUCER)
                     .connectionFactory(), "web1", List.of(SET, "web1/home"), STEPS)) {
            waitUntil(requests::connected);
            EventEnvelope request = request("web1", null);
            publish(hub, request);

            waitUntil(() -> count(hub, "producer-agent.web1") == 0 && count(local, Topology.PRODUCER_AGENT_QUEUE.name()) == 1);
            assertThat(eventIds(local, Topology.PRODUCER_AGENT_QUEUE.name())).containsExactly(request.eventId().toString());
            assertThat(deadLetters(hub)).isEmpty();
        }
    }

    @Test
    void aRequestForASetThisHostDoesNotHaveFailsAtOnceWithOneStepFailed() throws Exception {
        BrokerSettings hubSettings = hubSettings(dir.resolve("hub"));
        try (BrokerFixture hub = BrokerFixture.start(hubSettings);
             BrokerFixture local = BrokerFixture.start(dir.resolve("local"));
             HubRequests requests = HubRequests.start(forward(hubSettings), local.client(BrokerRole.PRODUCER)
                     .connectionFactory(), "web1", List.of(SET, "web1/home"), STEPS)) {
            waitUntil(requests::connected);
            EventEnvelope request = request("web1", "web1/nope");
            publish(hub, request);

            waitUntil(() -> !deadLetters(hub).isEmpty());
            Thread.sleep(300);
            List<StepFailed> failures = audit(hub).stream().filter(e -> e.payload() instanceof StepFailed)
                    .map(e -> (StepFailed) e.payload()).toList();
            assertThat(failures).singleElement().satisfies(f -> {
                assertThat(f.step()).isEqualTo(HubRequests.STEP_NAME);
                assertThat(f.failedEventId()).isEqualTo(request.eventId());
                assertThat(f.isFinal()).isTrue();
                assertThat(f.transientFailure()).isFalse();
                assertThat(f.causeMessage()).isEqualTo(
                        "backup set web1/nope is not configured on host web1 (it has web1/rootfs, web1/home)");
            });
            assertThat(deadLetters(hub)).singleElement().extracting(DeadLetter::eventId)
                    .isEqualTo(request.eventId().toString());
            assertThat(count(local, Topology.PRODUCER_AGENT_QUEUE.name())).isZero();
        }
    }

    @Test
    void aHubThatIsDownAtStartOrRestartsIsReachedWhenItComesUp() throws Exception {
        BrokerSettings hubSettings = hubSettings(dir.resolve("hub"));
        try (BrokerFixture local = BrokerFixture.start(dir.resolve("local"));
             HubRequests requests = HubRequests.start(forward(hubSettings), local.client(BrokerRole.PRODUCER)
                     .connectionFactory(), "web1", List.of(SET), STEPS)) {
            Thread.sleep(500);
            assertThat(requests.connected()).isFalse();
            try (BrokerFixture hub = BrokerFixture.start(hubSettings)) {
                waitUntil(requests::connected);
                EventEnvelope request = request("web1", SET);
                publish(hub, request);
                waitUntil(() -> count(local, Topology.PRODUCER_AGENT_QUEUE.name()) == 1);
            }
            waitUntil(() -> !requests.connected());
            // A request published while the hub restarts (here: after) waits there and is taken once it is back.
            try (BrokerFixture hub = BrokerFixture.start(hubSettings)) {
                publish(hub, request("web1", SET));
                waitUntil(() -> count(local, Topology.PRODUCER_AGENT_QUEUE.name()) == 2);
                assertThat(requests.connected()).isTrue();
            }
        }
    }

    /** Only a forwarding broker takes requests from a hub, and a host name no queue can have costs the service nothing. */
    @Test
    void onlyAServiceForwardingToAHubTakesRequestsAndAHostNameNoQueueCanHaveStartsNone() throws Exception {
        BrokerSettings hubSettings = hubSettings(dir.resolve("hub"));
        try (BrokerConnection allInOne = BrokerConnection.embedded(BrokerFixture.settings(dir.resolve("aio")))) {
            assertThat(HubRequests.startFor(allInOne, "web1", List.of(SET), STEPS)).isEmpty();
        }
        try (BrokerConnection forwarding = BrokerConnection.embedded(BrokerFixture.settings(dir.resolve("local"))
                .withForwardToHub(forward(hubSettings)))) {
            assertThat(HubRequests.startFor(forwarding, "fe80::1", List.of(SET), STEPS)).isEmpty();
            try (HubRequests requests = HubRequests.startFor(forwarding, "web1", List.of(SET), STEPS).orElseThrow()) {
                assertThat(requests.queue()).isEqualTo("producer-agent.web1");
            }
        }
    }

    /** A hub on a loopback TCP port with producer users web1 and web2, each bound to its own host. */
    static BrokerSettings hubSettings(Path root) throws Exception {
        BrokerSettings settings = BrokerFixture.settings(root)
                .withTcpAcceptor(new TcpAcceptorSettings("127.0.0.1", LoopbackPorts.free(), null));
        List<BrokerUser> users = new ArrayList<>(settings.users());
        for (String host : List.of("web1", "web2")) {
            Path file = settings.users().get(0).passwordFile().resolveSibling(host + ".password");
            BrokerFixture.writePassword(file, host + "-secret");
            users.add(new BrokerUser(host, BrokerRole.PRODUCER, file));
        }
        return settings.withUsers(users);
    }

    /** web1's link to that hub, with waits in milliseconds. */
    static HubForwardSettings forward(BrokerSettings hub) {
        return HubForwardSettings.to("tcp://127.0.0.1:" + hub.tcp().orElseThrow().port(), "web1",
                hub.users().get(0).passwordFile().resolveSibling("web1.password")).withRetry(FAST, 2.0, FAST.multipliedBy(4));
    }

    static EventEnvelope request(String host, String set) {
        return EventEnvelope.create(new BackupRequested("ops-console", "operator", false), host, set,
                EventEnvelope.newRunId(), null);
    }

    /** Publishes as the console does: the operator, at the hub. */
    static void publish(BrokerFixture hub, EventEnvelope event) throws JMSException {
        try (Connection connection = hub.client(BrokerRole.OPERATOR).connect()) {
            new EventPublisher(connection.createSession(false, Session.AUTO_ACKNOWLEDGE)).publish(event);
        }
    }

    private static void sendWithOtherDuplicateId(BrokerFixture hub, EventEnvelope event) throws JMSException {
        try (Connection connection = hub.client(BrokerRole.OPERATOR).connect()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage message = session.createTextMessage(new EventCodec().encode(event));
            EventPublisher.stampProperties(message, event);
            message.setStringProperty(Topology.PROPERTY_DUPLICATE_ID, "redelivered-" + event.eventId());
            MessageProducer producer = session.createProducer(session.createTopic(Topology.EVENTS_ADDRESS));
            producer.send(message);
        }
    }

    static long count(BrokerFixture broker, String queue) {
        try (BrokerManagement management = BrokerManagement.connect(broker.client(BrokerRole.OPERATOR))) {
            return management.invokeForLong(BrokerManagement.queueResource(queue), "countMessages");
        }
    }

    private static List<String> eventIds(BrokerFixture broker, String queue) throws JMSException {
        List<String> ids = new ArrayList<>();
        for (Message m : browse(broker, queue)) {
            ids.add(m.getStringProperty(Topology.PROPERTY_DUPLICATE_ID));
        }
        return ids;
    }

    private static List<EventEnvelope> audit(BrokerFixture broker) throws JMSException {
        List<EventEnvelope> events = new ArrayList<>();
        for (Message m : browse(broker, Topology.AUDIT_QUEUE)) {
            events.add(new EventCodec().decode(((TextMessage) m).getText()).envelope());
        }
        return events;
    }

    private static List<Message> browse(BrokerFixture broker, String queue) throws JMSException {
        try (Connection connection = broker.client(BrokerRole.OPERATOR).connect()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueBrowser browser = session.createBrowser(session.createQueue(Topology.fullyQualified(queue)));
            List<Message> messages = new ArrayList<>();
            for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements(); ) {
                messages.add((Message) e.nextElement());
            }
            return messages;
        }
    }

    private static List<DeadLetter> deadLetters(BrokerFixture broker) {
        try (DeadLetters letters = DeadLetters.connect(broker.client(BrokerRole.OPERATOR))) {
            return letters.list();
        }
    }

    static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 20 s").isLessThan(end);
            Thread.sleep(50);
        }
    }
}
