package org.btrfssendbackup.broker;

import org.btrfssendbackup.messages.Topology;

import java.time.Instant;
import java.util.Objects;

/**
 * One event as stored on the broker (audit queue or a replay queue): the routing properties
 * and the raw JSON body. Decoding the body is the messages module's job.
 *
 * @param eventId     duplicate-detection id (the envelope's eventId)
 * @param publishedBy the broker user that published it (set by the broker, cannot be forged)
 */
public record AuditEvent(
        String eventId,
        String type,
        String backupSet,
        String host,
        String runId,
        Instant publishedAt,
        String publishedBy,
        String body) {

    public AuditEvent {
        Objects.requireNonNull(publishedAt, "audit event: publication time");
    }

    /** Reads an event message as the broker stored it (properties set by EventPublisher). */
    public static AuditEvent of(jakarta.jms.Message message) throws jakarta.jms.JMSException {
        Object duplicateId = message.getObjectProperty(Topology.PROPERTY_DUPLICATE_ID);
        return new AuditEvent(
                duplicateId instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                        : duplicateId == null ? null : duplicateId.toString(),
                message.getStringProperty(Topology.PROPERTY_TYPE),
                message.getStringProperty(Topology.PROPERTY_BACKUP_SET),
                message.getStringProperty(Topology.PROPERTY_HOST),
                message.getStringProperty(Topology.PROPERTY_RUN_ID),
                java.time.Instant.ofEpochMilli(message.getJMSTimestamp()),
                message.getStringProperty("JMSXUserID"),
                message instanceof jakarta.jms.TextMessage text ? text.getText() : null);
    }
}
