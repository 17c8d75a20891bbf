package org.btrfssendbackup.pruner;

import java.util.ArrayList;
import java.util.List;
import org.btrfssendbackup.broker.EventVocabulary;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.EventPayload;
import org.btrfssendbackup.messages.event.PruneCompleted;
import org.btrfssendbackup.messages.event.PruneTarget;
import org.btrfssendbackup.messages.event.StreamPruned;

/**
 * The events a prune pass emits: one StreamCorrupt per damaged stream its check found, one
 * StreamPruned per deleted stream, then one PruneCompleted.
 */
public final class PruneEvents {

    private PruneEvents() {
    }

    /**
     * @param trigger the PruneRequested that caused the pass (its run and causation are kept),
     *                or null for a scheduled or command-line pass
     */
    public static List<EventEnvelope> of(PruneResult result, String host, EventEnvelope trigger) {
        List<EventEnvelope> events = new ArrayList<>();
        result.corrupt().forEach(corrupt -> events.add(corrupt.event(host, trigger)));
        for (DeletedStream deleted : result.deleted()) {
            events.add(envelope(new StreamPruned(deleted.snapshot(), result.set().value() + "/" + deleted.file().value(),
                    EventVocabulary.snapshotKind(deleted.file().kind()), deleted.bytes(), result.dryRun()),
                    result, host, trigger));
        }
        events.add(envelope(PruneCompleted.of(PruneTarget.STREAMS, result.deleted().size(), result.bytesFreed(),
                result.keptReasons(), result.dryRun(), result.duration().toMillis()), result, host, trigger));
        return events;
    }

    private static EventEnvelope envelope(EventPayload payload, PruneResult result, String host, EventEnvelope trigger) {
        return trigger != null ? trigger.followUp(payload, host)
                : EventEnvelope.create(payload, host, result.set().value(), null, null);
    }
}
