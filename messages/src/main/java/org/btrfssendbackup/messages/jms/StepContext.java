package org.btrfssendbackup.messages.jms;

/**
 * What a step may want to know about the delivery it is handling.
 *
 * @param host            the host the step runs on (use it for follow-ups)
 * @param queue           the queue the trigger came from
 * @param stepName        the step's name as it appears in StepFailed events
 * @param deliveryAttempt 1 for the first delivery, higher for broker redeliveries
 */
public record StepContext(String host, String queue, String stepName, int deliveryAttempt) {
}
