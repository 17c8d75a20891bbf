package org.btrfssendbackup.messages.jms;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.btrfssendbackup.messages.EventCodec;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.Topology;

/**
 * Publishes events to {@link Topology#EVENTS_ADDRESS} on a session the caller owns. On a
 * transacted session the events become visible only when that session commits, which is how
 * a step's follow-ups and the consumption of its trigger succeed or fail together.
 *
 * <p>Like its session, an instance is for one thread at a time.
 */
public final class EventPublisher implements AutoCloseable {

    private final Session session;
    private final MessageProducer producer;
    private final EventCodec codec = new EventCodec();

    public EventPublisher(Session session) throws JMSException {
        this.session = session;
        this.producer = session.createProducer(session.createTopic(Topology.EVENTS_ADDRESS));
        // Backup history must survive a broker restart.
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
    }

    /** Sends one event as a persistent JSON text message with routing and duplicate-detection properties. */
    public void publish(EventEnvelope envelope) throws JMSException {
        TextMessage message = session.createTextMessage(codec.encode(envelope));
        stampProperties(message, envelope);
        producer.send(message);
    }

    /**
     * Sets the string properties filters select on, and the event id as Artemis duplicate-detection
     * id so that a re-send of the same event (a retried commit, a replay) is stored once.
     * Null set or run id means the property is absent ({@code backupSet IS NULL} in a selector).
     */
    public static void stampProperties(Message message, EventEnvelope envelope) throws JMSException {
        message.setStringProperty(Topology.PROPERTY_TYPE, envelope.type());
        message.setStringProperty(Topology.PROPERTY_HOST, envelope.host());
        if (envelope.backupSet() != null) {
            message.setStringProperty(Topology.PROPERTY_BACKUP_SET, envelope.backupSet());
        }
        if (envelope.runId() != null) {
            message.setStringProperty(Topology.PROPERTY_RUN_ID, envelope.runId());
        }
        message.setStringProperty(Topology.PROPERTY_DUPLICATE_ID, envelope.eventId().toString());
    }

    @Override
    public void close() throws JMSException {
        producer.close();
    }
}
