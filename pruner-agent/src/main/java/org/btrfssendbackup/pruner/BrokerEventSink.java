package org.btrfssendbackup.pruner;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import java.util.List;
import java.util.Objects;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.jms.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one pass's events in one transaction on a fresh connection (a pass runs once a
 * day, so a pooled connection would only be one more thing that can go stale). A broker
 * failure is logged at ERROR with the number of events lost, and the pass's result stands:
 * the deletions happened and the log and command output still record them.
 */
public final class BrokerEventSink implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerEventSink.class);

    private final ConnectionFactory factory;

    public BrokerEventSink(ConnectionFactory factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public boolean publish(List<EventEnvelope> events) {
        try (Connection connection = factory.createConnection();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
             EventPublisher publisher = new EventPublisher(session)) {
            for (EventEnvelope event : events) {
                publisher.publish(event);
            }
            session.commit();
            return true;
        } catch (JMSException | RuntimeException e) {
            LOG.error("could not publish {} prune event(s) to the broker; the prune itself stands"
                    + " (see the log lines above for what was deleted): {}", events.size(), e.toString(), e);
            return false;
        }
    }
}
