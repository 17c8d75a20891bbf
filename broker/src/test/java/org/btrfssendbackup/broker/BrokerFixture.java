package org.btrfssendbackup.broker;

import org.btrfssendbackup.messages.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/**
 * A real embedded broker for tests: its own data directory, root-owned 0600 password files
 * for the four standard users, a unique name and in-VM id, and redelivery in milliseconds
 * instead of minutes. Other modules' tests may use it through the broker test-jar.
 */
public final class BrokerFixture implements AutoCloseable {

    private static final AtomicInteger NEXT_ID = new AtomicInteger(1000);

    /** Fast retries for tests: 100 ms, 200 ms, 400 ms; three deliveries in all. */
    public static final RedeliverySettings FAST_REDELIVERY =
            new RedeliverySettings(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), 3);

    private final EmbeddedBroker broker;
    private final Path passwordDirectory;

    private BrokerFixture(EmbeddedBroker broker, Path passwordDirectory) {
        this.broker = broker;
        this.passwordDirectory = passwordDirectory;
    }

    /** Settings for a fixture below {@code root}: data in root/data, passwords in root/passwords (written now). */
    public static BrokerSettings settings(Path root) throws IOException {
        Path passwords = root.resolve("passwords");
        Files.createDirectories(passwords);
        for (BrokerRole role : BrokerRole.values()) {
            writePassword(passwords.resolve(role.roleName() + ".password"), role.roleName() + "-secret");
        }
        int id = NEXT_ID.getAndIncrement();
        return BrokerSettings.defaults(root.resolve("data"), passwords)
                .withBrokerName("test-broker-" + id)
                .withInVmServerId(id)
                .withRedelivery(FAST_REDELIVERY);
    }

    public static BrokerFixture start(Path root) throws IOException {
        return start(settings(root));
    }

    public static BrokerFixture start(BrokerSettings settings) {
        EmbeddedBroker broker = new EmbeddedBroker(settings);
        broker.start();
        return new BrokerFixture(broker, settings.users().get(0).passwordFile().getParent());
    }

    /** Writes a root-owned mode 0600 password file. */
    public static void writePassword(Path file, String password) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, password + "\n");
    }

    public EmbeddedBroker broker() {
        return broker;
    }

    public Path passwordDirectory() {
        return passwordDirectory;
    }

    /** A client for one of the standard users with its real password. */
    public BrokerClient client(BrokerRole role) {
        return new BrokerClient(broker.inVmUrl(), role.roleName(), role.roleName() + "-secret");
    }

    /** Publishes a persistent text message to backup.events as the producer user. */
    public void publish(String eventId, String type, String backupSet, String body) throws JMSException {
        try (Connection connection = client(BrokerRole.PRODUCER).connect()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createTopic(Topology.EVENTS_ADDRESS));
            producer.send(event(session, eventId, type, backupSet, body));
        }
    }

    /** A text message carrying the properties the messages module sets on every event. */
    public static TextMessage event(Session session, String eventId, String type, String backupSet, String body) throws JMSException {
        TextMessage message = session.createTextMessage(body);
        message.setStringProperty("_AMQ_DUPL_ID", eventId);
        message.setStringProperty(Topology.PROPERTY_TYPE, type);
        message.setStringProperty(Topology.PROPERTY_BACKUP_SET, backupSet);
        return message;
    }

    @Override
    public void close() {
        broker.stop();
    }
}
