package org.btrfssendbackup.messages.jms;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.btrfssendbackup.messages.QueueSpec;
import org.btrfssendbackup.messages.Topology;

/**
 * A real in-VM Artemis with the project topology, for tests: persistent journal in a temp
 * directory, security off, short redelivery delays so retry tests take a second, not
 * minutes. The production broker (broker/ module) uses the same {@link Topology}.
 */
public final class EmbeddedTestBroker implements AutoCloseable {

    /** Deliveries before the broker dead-letters a message, in this test broker. */
    public static final int MAX_DELIVERY_ATTEMPTS = 3;

    private static final AtomicInteger NEXT_ID = new AtomicInteger(1);

    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();
    private final int vmId = NEXT_ID.getAndIncrement();

    public EmbeddedTestBroker(Path dataDir) throws Exception {
        Configuration config = new ConfigurationImpl()
                .setName("test-broker-" + vmId)
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dataDir.resolve("journal").toString())
                .setBindingsDirectory(dataDir.resolve("bindings").toString())
                .setPagingDirectory(dataDir.resolve("paging").toString())
                .setLargeMessagesDirectory(dataDir.resolve("large").toString())
                .addAcceptorConfiguration("in-vm", "vm://" + vmId);
        AddressSettings settings = new AddressSettings()
                .setRedeliveryDelay(100)
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(400)
                .setMaxDeliveryAttempts(MAX_DELIVERY_ATTEMPTS)
                .setDeadLetterAddress(SimpleString.of(Topology.DEAD_LETTER_ADDRESS))
                // Every queue exists up front; a typo must fail, not create a queue nobody reads.
                .setAutoCreateQueues(false)
                .setAutoCreateAddresses(false);
        config.addAddressSetting("#", settings);

        CoreAddressConfiguration events = new CoreAddressConfiguration()
                .setName(Topology.EVENTS_ADDRESS)
                .addRoutingType(RoutingType.MULTICAST)
                .addQueueConfiguration(QueueConfiguration.of(Topology.AUDIT_QUEUE)
                        .setAddress(Topology.EVENTS_ADDRESS).setRoutingType(RoutingType.MULTICAST).setDurable(true));
        for (QueueSpec spec : Topology.consumerQueues()) {
            events.addQueueConfiguration(QueueConfiguration.of(spec.name())
                    .setAddress(Topology.EVENTS_ADDRESS).setRoutingType(RoutingType.MULTICAST)
                    .setFilterString(spec.filter()).setDurable(true));
        }
        config.addAddressConfiguration(events);
        config.addAddressConfiguration(new CoreAddressConfiguration()
                .setName(Topology.DEAD_LETTER_ADDRESS)
                .addRoutingType(RoutingType.ANYCAST)
                .addQueueConfiguration(QueueConfiguration.of(Topology.DEAD_LETTER_QUEUE)
                        .setAddress(Topology.DEAD_LETTER_ADDRESS).setRoutingType(RoutingType.ANYCAST).setDurable(true)));
        server.setConfiguration(config);
        server.start();
    }

    public ConnectionFactory connectionFactory() {
        return new ActiveMQConnectionFactory("vm://" + vmId);
    }

    /** A started connection; the caller closes it. */
    public Connection connect() throws JMSException {
        Connection connection = connectionFactory().createConnection();
        connection.start();
        return connection;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the embedded test broker", e);
        }
    }
}
