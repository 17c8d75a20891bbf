package org.btrfssendbackup.producer.steps;

import org.btrfssendbackup.messages.EventEnvelope;

/** Sees every event this producer emits and every step failure (the one-shot run's timeline). */
public interface RunObserver {

    RunObserver NONE = new RunObserver() {
    };

    default void onEvent(EventEnvelope event) {
    }

    /** @param attempt the delivery attempt that failed, 1-based */
    default void onStepFailed(EventEnvelope trigger, int attempt, Throwable failure) {
    }
}
