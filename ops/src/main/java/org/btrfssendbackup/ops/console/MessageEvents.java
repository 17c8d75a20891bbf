package org.btrfssendbackup.ops.console;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import org.btrfssendbackup.broker.AuditEvent;
import org.btrfssendbackup.messages.Topology;

/**
 * A live message from a subscription as an {@link AuditEvent}, read the same way the
 * broker module's AuditLog reads the audit queue, so {@code events tail} and
 * {@code events list} show identical lines.
 */
public final class MessageEvents {

    private MessageEvents() {
    }

    public static AuditEvent toAuditEvent(Message message) throws JMSException {
        Object duplicateId = message.getObjectProperty(Topology.PROPERTY_DUPLICATE_ID);
        String eventId = duplicateId instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : duplicateId == null ? null : duplicateId.toString();
        return new AuditEvent(eventId,
                message.getStringProperty(Topology.PROPERTY_TYPE),
                message.getStringProperty(Topology.PROPERTY_BACKUP_SET),
                message.getStringProperty(Topology.PROPERTY_HOST),
                message.getStringProperty(Topology.PROPERTY_RUN_ID),
                Instant.ofEpochMilli(message.getJMSTimestamp()),
                message.getStringProperty("JMSXUserID"),
                message instanceof TextMessage text ? text.getText() : null);
    }
}
