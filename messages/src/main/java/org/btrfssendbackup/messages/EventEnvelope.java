package org.btrfssendbackup.messages;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.btrfssendbackup.messages.event.EventPayload;
import org.btrfssendbackup.messages.event.EventTypes;
import org.btrfssendbackup.messages.event.InvalidFieldException;
import org.btrfssendbackup.messages.event.Require;

/**
 * One event on the wire: who, when, which set and run, what caused it, and the typed payload.
 *
 * <p>{@code backupSet} is null only for host-wide events (payloads whose
 * {@link EventPayload#requiresBackupSet()} is false: LuksOpened, LuksClosed, CommandRefused,
 * StepFailed of such an event). {@code runId} is null for events outside a backup run
 * (a manual prune, a refused command). {@code causationId} is null for the first event of a chain.
 *
 * @param eventId       unique id; also the broker's duplicate-detection id
 * @param type          wire type name, always {@link EventTypes#nameOf(EventPayload) the payload's}
 * @param schemaVersion envelope/payload schema version, currently {@value #SCHEMA_VERSION}
 * @param occurredAt    when it happened (UTC, ISO-8601 on the wire)
 * @param host          the host that emitted it
 * @param backupSet     the set, e.g. "prod-srv/rootfs"; null only for host-wide events
 * @param runId         the backup run it belongs to, or null
 * @param causationId   the event that led to this one, or null
 * @param payload       the typed body
 */
@JsonPropertyOrder({"eventId", "type", "schemaVersion", "occurredAt", "host", "backupSet", "runId", "causationId", "payload"})
public record EventEnvelope(UUID eventId, String type, int schemaVersion, Instant occurredAt, String host,
                            String backupSet, String runId, UUID causationId, EventPayload payload) {

    /** The schema version this code writes and the newest it reads. */
    public static final int SCHEMA_VERSION = 1;

    public EventEnvelope {
        Require.notNull(eventId, "EventEnvelope.eventId");
        Require.notBlank(type, "EventEnvelope.type");
        if (schemaVersion < 1 || schemaVersion > SCHEMA_VERSION) {
            throw new InvalidFieldException("EventEnvelope.schemaVersion", "" + schemaVersion
                    + " is not supported (this build reads 1.." + SCHEMA_VERSION + ")");
        }
        Require.notNull(occurredAt, "EventEnvelope.occurredAt");
        Require.matches(host, Require.HOST, "EventEnvelope.host");
        Require.matchesOrNull(backupSet, Require.BACKUP_SET, "EventEnvelope.backupSet");
        Require.matchesOrNull(runId, Require.RUN_ID, "EventEnvelope.runId");
        Require.notNull(payload, "EventEnvelope.payload");
        String payloadType = EventTypes.nameOf(payload);
        if (!payloadType.equals(type)) {
            throw new InvalidFieldException("EventEnvelope.type", "\"" + type + "\" does not match payload " + payloadType);
        }
        if (backupSet == null && payload.requiresBackupSet()) {
            throw new InvalidFieldException("EventEnvelope.backupSet", "is required for " + type);
        }
    }

    /** A new event with a fresh id, the current time, and the payload's type. */
    public static EventEnvelope create(EventPayload payload, String host, String backupSet, String runId, UUID causationId) {
        return create(Clock.systemUTC(), payload, host, backupSet, runId, causationId);
    }

    /**
     * As {@link #create(EventPayload, String, String, String, UUID)} with a given clock.
     * Time is cut to milliseconds: that is what the broker and the console show, and it keeps
     * JSON short.
     */
    public static EventEnvelope create(Clock clock, EventPayload payload, String host, String backupSet, String runId,
                                       UUID causationId) {
        Require.notNull(payload, "EventEnvelope.payload");
        return new EventEnvelope(UUID.randomUUID(), EventTypes.nameOf(payload), SCHEMA_VERSION,
                clock.instant().truncatedTo(ChronoUnit.MILLIS), host, backupSet, runId, causationId, payload);
    }

    /** A new run id for a {@code BackupRequested} that starts a run. */
    public static String newRunId() {
        return UUID.randomUUID().toString();
    }

    /**
     * The event a step emits in reaction to this one: same set and run, caused by this
     * event, emitted by {@code host} (the host the step runs on).
     */
    public EventEnvelope followUp(EventPayload followUpPayload, String host) {
        return create(followUpPayload, host, backupSet, runId, eventId);
    }
}
