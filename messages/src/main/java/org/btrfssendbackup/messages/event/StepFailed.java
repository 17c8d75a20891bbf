package org.btrfssendbackup.messages.event;

import java.util.UUID;

/**
 * A step failed to process an event; its transaction was rolled back and the broker will
 * redeliver (or dead-letter after the last attempt). Published outside that transaction so
 * the failure is recorded even though the step's own work is undone. Host-wide allowed:
 * the failed event may itself have had no set.
 *
 * @param step             name of the step (agent/queue and step)
 * @param attempt          delivery attempt that failed, 1-based (JMSXDeliveryCount)
 * @param failedEventId    id of the event the step was consuming
 * @param failedEventType  its type
 * @param causeClass       exception class name
 * @param causeMessage     exception message, bounded; null if it had none
 * @param transientFailure whether the cause was classed as transient (worth retrying later)
 */
public record StepFailed(String step, int attempt, UUID failedEventId, String failedEventType, String causeClass,
                         String causeMessage, boolean transientFailure) implements EventPayload {
    public StepFailed {
        Require.notBlank(step, "StepFailed.step");
        Require.positive(attempt, "StepFailed.attempt");
        Require.notNull(failedEventId, "StepFailed.failedEventId");
        Require.notBlank(failedEventType, "StepFailed.failedEventType");
        Require.notBlank(causeClass, "StepFailed.causeClass");
        causeMessage = Require.truncated(causeMessage);
    }

    @Override
    public boolean requiresBackupSet() {
        return false;
    }
}
