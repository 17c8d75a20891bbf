package org.btrfssendbackup.ops.console;

import java.time.Instant;

import org.btrfssendbackup.broker.AuditEvent;
import org.btrfssendbackup.messages.DecodeResult;
import org.btrfssendbackup.messages.EventCodec;
import org.btrfssendbackup.messages.EventEnvelope;

/**
 * One event as the console shows it, whatever its source (audit ring, replay queue, live
 * subscription, or an envelope in hand). An undecodable body is kept with its reason instead
 * of being dropped: the operator must see that something odd was published.
 *
 * @param eventId     the event id (duplicate-detection id), or null if the message had none
 * @param type        the event type; from the envelope when decodable, else the message property
 * @param backupSet   the backup set, or null for host-wide events
 * @param host        the emitting host, or null if unknown
 * @param runId       the backup run, or null
 * @param occurredAt  when it happened (envelope), or null when undecodable
 * @param publishedAt when the broker received it, or null for an envelope not yet published
 * @param publishedBy the broker user that published it, or null
 * @param envelope    the decoded event, or null
 * @param problem     why the body could not be decoded, or null
 * @param body        the raw JSON body, or null
 */
public record EventLine(String eventId, String type, String backupSet, String host, String runId, Instant occurredAt,
                        Instant publishedAt, String publishedBy, EventEnvelope envelope, String problem, String body) {

    private static final EventCodec CODEC = new EventCodec();

    public EventLine {
        if (occurredAt == null && publishedAt == null) {
            throw new IllegalArgumentException("event line " + eventId + ": needs an occurrence or publication time");
        }
        if ((envelope == null) == (problem == null)) {
            throw new IllegalArgumentException("event line " + eventId + ": exactly one of envelope and problem must be set");
        }
    }

    /** An event read from the broker: decodes the body, falls back to the message properties. */
    public static EventLine of(AuditEvent event) {
        DecodeResult decoded = CODEC.decode(event.body());
        if (decoded.isDecoded()) {
            EventEnvelope envelope = decoded.envelope();
            return new EventLine(envelope.eventId().toString(), envelope.type(), envelope.backupSet(), envelope.host(),
                    envelope.runId(), envelope.occurredAt(), event.publishedAt(), event.publishedBy(), envelope, null,
                    event.body());
        }
        return new EventLine(event.eventId(), event.type(), event.backupSet(), event.host(), event.runId(), null,
                event.publishedAt(), event.publishedBy(), null, decoded.reason(), event.body());
    }

    /** An envelope in hand (all-in-one launcher, demo): no broker metadata. */
    public static EventLine of(EventEnvelope envelope) {
        return new EventLine(envelope.eventId().toString(), envelope.type(), envelope.backupSet(), envelope.host(),
                envelope.runId(), envelope.occurredAt(), null, null, envelope, null, null);
    }

    /** When it happened if known, else when it was published: the time the console sorts and ages by. */
    public Instant time() {
        return occurredAt != null ? occurredAt : publishedAt;
    }

    public boolean isDecoded() {
        return envelope != null;
    }
}
