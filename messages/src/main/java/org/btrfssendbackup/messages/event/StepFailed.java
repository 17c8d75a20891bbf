package org.btrfssendbackup.messages.event;

import java.util.UUID;

/**
 * A step failed to process an event. Published outside the step's transaction so the failure
 * is recorded even though the step's own work is undone. Host-wide allowed: the failed event
 * may itself have had no set. One is published for every try, including the in-step retries
 * within one delivery, so the audit holds every attempt.
 *
 * @param step             name of the step (agent/queue and step)
 * @param attempt          delivery attempt that failed, 1-based
 * @param failedEventId    id of the event the step was consuming
 * @param failedEventType  its type
 * @param causeClass       exception class name
 * @param causeMessage     exception message, bounded; null if it had none
 * @param transientFailure whether the cause was classed as transient (worth retrying later)
 * @param finalFailure     true when nothing retries this event any more (a permanent failure, or
 *                         the last attempt: the trigger is dead-lettered); false when it is retried
 *                         (in the same delivery or by a later one); null from writers older than
 *                         this field (unknown)
 * @param inStepTry        the try within this delivery attempt, 1-based (in-step retries of a
 *                         transient failure); null from writers older than this field
 */
public record StepFailed(String step, int attempt, UUID failedEventId, String failedEventType, String causeClass,
                         String causeMessage, boolean transientFailure, Boolean finalFailure, Integer inStepTry)
        implements EventPayload {
    public StepFailed {
        Require.notBlank(step, "StepFailed.step");
        Require.positive(attempt, "StepFailed.attempt");
        Require.notNull(failedEventId, "StepFailed.failedEventId");
        Require.notBlank(failedEventType, "StepFailed.failedEventType");
        Require.notBlank(causeClass, "StepFailed.causeClass");
        causeMessage = Require.truncated(causeMessage);
        if (inStepTry != null) {
            Require.positive(inStepTry, "StepFailed.inStepTry");
        }
    }

    /** A failure whose finality and in-step try are unknown (as older writers recorded it). */
    public StepFailed(String step, int attempt, UUID failedEventId, String failedEventType, String causeClass,
                      String causeMessage, boolean transientFailure) {
        this(step, attempt, failedEventId, failedEventType, causeClass, causeMessage, transientFailure, null, null);
    }

    /** Whether this failure is known to be the last one for its event (null counts as not known). */
    public boolean isFinal() {
        return Boolean.TRUE.equals(finalFailure);
    }
}
