package org.btrfssendbackup.producer.agent;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupRequested;

/**
 * A BackupRequested that names no set (the console's {@code run --host H}) asks for every set of
 * its host: the agent answers it with one BackupRequested per set, in the order the timer runs
 * them, each caused by the host-wide one. Pure.
 *
 * <p>Each set's request gets an event id and a run id derived from the host-wide event's id and
 * the set, not fresh ones: a redelivered host-wide request (a crash before its acknowledgement)
 * yields the same events again, which the broker's duplicate detection drops, so no set runs twice.
 */
public final class HostWideRequest {

    private HostWideRequest() {
    }

    /** Whether {@code event} is a request for every set of its host. */
    public static boolean is(EventEnvelope event) {
        return event.backupSet() == null && event.payload() instanceof BackupRequested;
    }

    /**
     * @param hostWide a host-wide BackupRequested ({@link #is})
     * @param sets     the host's backup sets, in order
     * @return one BackupRequested per set, same trigger, requester, forceFull and time
     */
    public static List<EventEnvelope> perSet(EventEnvelope hostWide, List<String> sets) {
        if (!is(hostWide)) {
            throw new IllegalArgumentException(hostWide.type() + " " + hostWide.eventId() + " for "
                    + hostWide.backupSet() + " is not a BackupRequested for every set of its host");
        }
        return sets.stream().map(set -> new EventEnvelope(derived(hostWide, set, "event"), hostWide.type(),
                EventEnvelope.SCHEMA_VERSION, hostWide.occurredAt(), hostWide.host(), set,
                derived(hostWide, set, "run").toString(), hostWide.eventId(), hostWide.payload())).toList();
    }

    private static UUID derived(EventEnvelope hostWide, String set, String what) {
        return UUID.nameUUIDFromBytes((hostWide.eventId() + " " + set + " " + what).getBytes(StandardCharsets.UTF_8));
    }
}
