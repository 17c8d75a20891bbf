package org.btrfssendbackup.pruner;

import java.util.List;
import org.btrfssendbackup.messages.EventEnvelope;

/**
 * Where a scheduled or command-line prune pass sends its events. Pruning never depends on it:
 * the files are already deleted when the events are sent, so a failure is reported, not thrown.
 */
@FunctionalInterface
public interface EventSink {

    /** No broker configured: events are only logged. */
    EventSink NONE = events -> false;

    /** @return true if every event was published; false when none were (nothing is half-published) */
    boolean publish(List<EventEnvelope> events);
}
