package org.btrfssendbackup.broker;

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
}
