package org.btrfssendbackup.producer.steps;

import org.btrfssendbackup.messages.EventEnvelope;

/**
 * Publishes facts at once, outside the step's transaction: services went down and came back,
 * a snapshot was deleted. They happened whether or not the step later commits.
 */
@FunctionalInterface
public interface EventSink {
    void emit(EventEnvelope event);
}
