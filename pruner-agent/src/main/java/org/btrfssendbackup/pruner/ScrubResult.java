package org.btrfssendbackup.pruner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.ScrubCompleted;

/**
 * One scrub pass.
 *
 * @param dueRemaining streams still due after the pass (the byte budget ran out first)
 */
public record ScrubResult(int checked, long bytesRead, List<CorruptStream> corrupt, int dueRemaining,
                          Duration duration) {

    public ScrubResult {
        corrupt = List.copyOf(corrupt);
    }

    /** One StreamCorrupt per damaged stream, then ScrubCompleted. */
    public List<EventEnvelope> events(String host) {
        List<EventEnvelope> events = new ArrayList<>();
        corrupt.forEach(c -> events.add(c.event(host, null)));
        events.add(EventEnvelope.create(new ScrubCompleted(checked, bytesRead, corrupt.size(), dueRemaining,
                duration.toMillis()), host, null, null, null));
        return events;
    }
}
