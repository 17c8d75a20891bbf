package org.btrfssendbackup.ops.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.EventSamples;
import org.btrfssendbackup.messages.event.EventPayload;

/**
 * The events one prod-srv publishes during one encrypted-stream backup run, in order: the
 * samples of the golden files that a producer emits (BackupRequested, ServicesQuiesced,
 * SnapshotCreated, ServicesResumed, StreamSent, PruneRequested, SnapshotPruned,
 * BackupCompleted), each in a fresh envelope for the given host and its set, with a fresh run
 * id and each event caused by the one before. The receiver's and the pruner's events are
 * published at the hub, not through a bridge, so they are not part of the mix.
 */
final class FleetRunEvents {

    /** The producer's payloads, in run order. */
    static final List<EventPayload> PRODUCER_PAYLOADS = EventSamples.all().stream()
            .filter(e -> e.host().equals(EventSamples.HOST))
            .filter(e -> !List.of("StepFailed", "ServiceRestartFailed", "RunAborted").contains(e.type()))
            .map(EventEnvelope::payload)
            .toList();

    private FleetRunEvents() {
    }

    /** One run's events for {@code host}, backup set {@code HOST/rootfs}. */
    static List<EventEnvelope> run(String host) {
        String set = host + "/rootfs";
        String runId = EventEnvelope.newRunId();
        List<EventEnvelope> events = new ArrayList<>(PRODUCER_PAYLOADS.size());
        UUID cause = null;
        for (EventPayload payload : PRODUCER_PAYLOADS) {
            EventEnvelope event = EventEnvelope.create(payload, host, set, runId, cause);
            events.add(event);
            cause = event.eventId();
        }
        return events;
    }
}
