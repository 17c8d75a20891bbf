package org.btrfssendbackup.broker;

import org.btrfssendbackup.messages.JsonFormats;
import org.btrfssendbackup.messages.Topology;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.activemq.artemis.jms.client.ActiveMQMessage;

/**
 * The operator's view of the dead-letter queue, over a JMS connection (works against a
 * standalone broker). Listing browses the queue, so nothing is consumed; retry and purge are
 * Artemis management operations. Needs the operator user.
 */
public final class DeadLetters implements AutoCloseable {

    private static final String QUEUE = Topology.DEAD_LETTER_QUEUE;
    private static final ObjectMapper JSON = JsonFormats.line();

    private final Connection connection;
    private final BrokerManagement management;

    private DeadLetters(Connection connection) {
        this.connection = connection;
        this.management = BrokerManagement.over(connection, BrokerManagement.DEFAULT_TIMEOUT);
    }

    /** Connects as the given (operator) user. */
    public static DeadLetters connect(BrokerClient operator) {
        return OperatorConnections.open(operator, "connect to dead-letter queue", DeadLetters::new);
    }

    /** Every dead letter, oldest first. */
    public List<DeadLetter> list() {
        Map<String, Integer> maxAttemptsByAddress = new HashMap<>();
        List<DeadLetter> letters = new ArrayList<>();
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = session.createBrowser(session.createQueue(QUEUE))) {
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                letters.add(toDeadLetter((Message) messages.nextElement(), maxAttemptsByAddress));
            }
        } catch (JMSException e) {
            throw new BrokerManagementException("list dead letters on " + QUEUE + ": " + e.getMessage(), e);
        }
        return letters;
    }

    /**
     * Sends one dead letter back to the queue it failed on (only that queue, not every queue
     * of its address), where its consumer gets it again.
     *
     * @return false if no dead letter has that id
     */
    public boolean retry(long messageId) {
        return Boolean.TRUE.equals(management.invoke(BrokerManagement.queueResource(QUEUE), "retryMessage", messageId));
    }

    /** {@link #retry} for every dead letter; returns how many were sent back. */
    public long retryAll() {
        return management.invokeForLong(BrokerManagement.queueResource(QUEUE), "retryMessages");
    }

    /** Deletes one dead letter for good; false if no dead letter has that id. */
    public boolean remove(long messageId) {
        return Boolean.TRUE.equals(management.invoke(BrokerManagement.queueResource(QUEUE), "removeMessage", messageId));
    }

    /** Deletes every dead letter for good; returns how many. */
    public long purge() {
        return management.invokeForLong(BrokerManagement.queueResource(QUEUE), "removeAllMessages");
    }

    /** How many dead letters wait. */
    public long count() {
        return management.invokeForLong(BrokerManagement.queueResource(QUEUE), "countMessages");
    }

    private DeadLetter toDeadLetter(Message message, Map<String, Integer> maxAttemptsByAddress) throws JMSException {
        long messageId = ((ActiveMQMessage) message).getCoreMessage().getMessageID();
        String originalAddress = message.getStringProperty("_AMQ_ORIG_ADDRESS");
        String reason = message.getStringProperty(Topology.PROPERTY_DEAD_LETTER_REASON);
        int deliveryCount;
        if (reason != null || originalAddress == null) {
            deliveryCount = message.propertyExists(Topology.PROPERTY_DELIVERY_COUNT)
                    ? message.getIntProperty(Topology.PROPERTY_DELIVERY_COUNT) : 1;
        } else {
            deliveryCount = maxAttemptsByAddress.computeIfAbsent(originalAddress, this::maxDeliveryAttempts);
        }
        return new DeadLetter(
                messageId,
                // A consumer's own dead letter names its event apart from the duplicate id (see Topology).
                Optional.ofNullable(DuplicateIds.text(message.getObjectProperty(Topology.PROPERTY_DUPLICATE_ID)))
                        .orElse(message.getStringProperty(Topology.PROPERTY_EVENT_ID)),
                message.getStringProperty(Topology.PROPERTY_TYPE),
                message.getStringProperty(Topology.PROPERTY_BACKUP_SET),
                originalAddress,
                message.getStringProperty("_AMQ_ORIG_QUEUE"),
                deliveryCount,
                reason,
                Instant.ofEpochMilli(message.getJMSTimestamp()),
                message instanceof TextMessage text ? text.getText() : null,
                message.getStringProperty(Topology.PROPERTY_HOST));
    }

    /** The broker moved it after the address' last allowed delivery; ask the broker what that is. */
    private int maxDeliveryAttempts(String address) {
        Object json = management.invoke(BrokerManagement.brokerResource(), "getAddressSettingsAsJSON", address);
        try {
            JsonNode node = JSON.readTree(String.valueOf(json)).get("maxDeliveryAttempts");
            return node == null ? 0 : Math.max(0, node.asInt());
        } catch (Exception e) {
            throw new BrokerManagementException("read address settings of " + address + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        management.close();
        OperatorConnections.closeQuietly(connection);
    }
}
