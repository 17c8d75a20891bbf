package org.btrfssendbackup.broker;

import org.btrfssendbackup.messages.Topology;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/**
 * Reads event history without consuming it: the audit queue (a ring of the newest events,
 * see {@link BrokerSettings#auditRingSize()}) or a replay queue filled by {@link Replay}.
 * Needs the operator user (browse permission).
 */
public final class AuditLog implements AutoCloseable {

    private final Connection connection;

    private AuditLog(Connection connection) {
        this.connection = connection;
    }

    public static AuditLog connect(BrokerClient operator) {
        return OperatorConnections.open(operator, "connect to audit log", connection -> {
            connection.start();
            return new AuditLog(connection);
        });
    }

    /** Events on the audit queue matching the filter, oldest first. */
    public List<AuditEvent> list(EventFilter filter) {
        return browse(Topology.fullyQualified(Topology.AUDIT_QUEUE), filter);
    }

    /** Events on a replay queue ({@link Replay#replay}) matching the filter, oldest first. */
    public List<AuditEvent> listReplayed(String replayQueue, EventFilter filter) {
        return browse(replayQueue, filter);
    }

    private List<AuditEvent> browse(String queue, EventFilter filter) {
        List<AuditEvent> events = new ArrayList<>();
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = session.createBrowser(session.createQueue(queue), filter.toSelector())) {
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                events.add(AuditEvent.of((Message) messages.nextElement()));
            }
        } catch (JMSException e) {
            throw new BrokerManagementException("browse " + queue + " with " + filter + ": " + e.getMessage(), e);
        }
        return events;
    }

    @Override
    public void close() {
        OperatorConnections.closeQuietly(connection);
    }
}
