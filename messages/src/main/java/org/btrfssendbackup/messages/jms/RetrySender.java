package org.btrfssendbackup.messages.jms;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.List;
import org.btrfssendbackup.messages.Topology;

/**
 * Schedules the next attempt of a failed trigger: a delayed copy of it, sent straight to the
 * consumer's own queue (fully qualified, so the audit queue and other agents do not see it
 * again), carrying the attempt number it will be. Sent in the consumer's transacted session,
 * so the copy exists exactly when the failed delivery is consumed. The broker therefore never
 * counts a failed step as a redelivery, and its max-delivery-attempts cannot cut a run short
 * of the consumer's own limit (it still applies to a consumer that died mid-step).
 */
final class RetrySender {

    /** Int property: the attempt this copy is (1-based); absent on a first delivery. */
    static final String PROPERTY_ATTEMPT = "stepAttempt";

    /** Properties the queue filters and the console look at. No duplicate id: the copy is meant to arrive. */
    private static final List<String> COPIED_PROPERTIES = List.of(
            Topology.PROPERTY_TYPE, Topology.PROPERTY_BACKUP_SET, Topology.PROPERTY_HOST, Topology.PROPERTY_RUN_ID);

    private final Session session;
    private final MessageProducer producer;

    RetrySender(Session session, String queue) throws JMSException {
        this.session = session;
        // A topic: the queue lives on the multicast events address; fully qualified, only it gets the copy.
        this.producer = session.createProducer(session.createTopic(Topology.fullyQualified(queue)));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
    }

    void send(Message original, String body, int nextAttempt, Duration delay) throws JMSException {
        TextMessage copy = session.createTextMessage(body);
        for (String property : COPIED_PROPERTIES) {
            if (original.propertyExists(property)) {
                copy.setStringProperty(property, String.valueOf(original.getObjectProperty(property)));
            }
        }
        copy.setIntProperty(PROPERTY_ATTEMPT, nextAttempt);
        producer.setDeliveryDelay(delay.toMillis());
        producer.send(copy);
    }

    /**
     * The attempt a delivered message is: the number its copy carries (1 for the original),
     * plus the broker's redeliveries of it (a consumer that died or a commit that failed).
     */
    static int attemptOf(Message message) {
        int base = 1;
        int deliveries = 1;
        try {
            if (message.propertyExists(PROPERTY_ATTEMPT)) {
                base = Math.max(1, message.getIntProperty(PROPERTY_ATTEMPT));
            }
        } catch (JMSException | NumberFormatException e) {
            base = 1;
        }
        try {
            deliveries = Math.max(1, message.getIntProperty("JMSXDeliveryCount"));
        } catch (JMSException | NumberFormatException e) {
            deliveries = 1;
        }
        return base + deliveries - 1;
    }
}
