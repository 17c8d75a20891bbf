package org.btrfssendbackup.messages.jms;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.List;
import org.btrfssendbackup.messages.Topology;

/**
 * Moves a message no step can process (malformed JSON, unknown type, not text) to
 * {@link Topology#DEAD_LETTER_ADDRESS} with a reason, instead of crashing or dropping it.
 * The properties mirror what Artemis sets on its own dead letters, so the console lists and
 * retries both kinds the same way.
 */
final class DeadLetterSender {

    /** Routing properties worth keeping so the console can show what the message claimed to be. */
    private static final List<String> COPIED_PROPERTIES = List.of(
            Topology.PROPERTY_TYPE, Topology.PROPERTY_BACKUP_SET, Topology.PROPERTY_HOST, Topology.PROPERTY_RUN_ID);

    private final Session session;
    private final MessageProducer producer;
    private final String originalQueue;

    DeadLetterSender(Session session, String originalQueue) throws JMSException {
        this.session = session;
        this.originalQueue = originalQueue;
        this.producer = session.createProducer(session.createQueue(Topology.DEAD_LETTER_QUEUE));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
    }

    /** Sends within the caller's session (transacted: the move happens when the consume commits). */
    void send(Message original, String body, String reason) throws JMSException {
        send(original, body, reason, null, 1);
    }

    /**
     * As {@link #send(Message, String, String)} for a decoded trigger whose step failed for good.
     *
     * @param eventId  the trigger's event id, for the console's listing
     * @param attempts how many attempts it had
     */
    void send(Message original, String body, String reason, String eventId, int attempts) throws JMSException {
        TextMessage deadLetter = session.createTextMessage(body);
        for (String property : COPIED_PROPERTIES) {
            if (original.propertyExists(property)) {
                deadLetter.setStringProperty(property, String.valueOf(original.getObjectProperty(property)));
            }
        }
        deadLetter.setStringProperty(Topology.PROPERTY_DEAD_LETTER_REASON, reason);
        if (eventId != null) {
            deadLetter.setStringProperty(Topology.PROPERTY_EVENT_ID, eventId);
        }
        deadLetter.setIntProperty(Topology.PROPERTY_DELIVERY_COUNT, attempts);
        deadLetter.setStringProperty(Topology.PROPERTY_ORIGINAL_QUEUE, originalQueue);
        deadLetter.setStringProperty(Topology.PROPERTY_ORIGINAL_ADDRESS, Topology.EVENTS_ADDRESS);
        producer.send(deadLetter);
    }
}
