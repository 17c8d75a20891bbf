package org.btrfssendbackup.messages.jms;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.List;
import org.btrfssendbackup.messages.EventCodec;
import org.btrfssendbackup.messages.EventEnvelope;

/** Test helper (exported in the test-jar): drains a queue and decodes what was on it. */
public final class QueueReader {

    private QueueReader() {
    }

    /** Receives until the queue has been quiet for {@code quietMillis}; acknowledges what it took. */
    public static List<Message> drain(Connection connection, String jmsQueueName, long quietMillis) throws JMSException {
        List<Message> messages = new ArrayList<>();
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageConsumer consumer = session.createConsumer(session.createQueue(jmsQueueName))) {
            Message message;
            while ((message = consumer.receive(quietMillis)) != null) {
                messages.add(message);
            }
        }
        return messages;
    }

    public static List<EventEnvelope> drainEvents(Connection connection, String jmsQueueName, long quietMillis)
            throws JMSException {
        EventCodec codec = new EventCodec();
        List<EventEnvelope> events = new ArrayList<>();
        for (Message message : drain(connection, jmsQueueName, quietMillis)) {
            events.add(codec.decode(((TextMessage) message).getText()).envelope());
        }
        return events;
    }
}
