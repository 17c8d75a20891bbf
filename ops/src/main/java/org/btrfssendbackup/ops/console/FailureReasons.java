package org.btrfssendbackup.ops.console;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.btrfssendbackup.broker.DeadLetter;
import org.btrfssendbackup.messages.event.StepFailed;

/**
 * Why each dead letter failed. A consumer that refused a message on sight put the reason on
 * the message itself; a message the broker moved after its last attempt carries none, but
 * every failed attempt published a StepFailed event naming the event id, so the newest of
 * those is the last failure.
 */
public final class FailureReasons {

    private FailureReasons() {
    }

    /**
     * @param letters     the dead letters, in the order to show them
     * @param auditEvents events from the audit log (any types; only decodable StepFailed ones are used)
     */
    public static List<DeadLetterView> attach(List<DeadLetter> letters, List<EventLine> auditEvents) {
        Map<String, EventLine> newestFailure = new HashMap<>();
        for (EventLine event : auditEvents) {
            if (event.isDecoded() && event.envelope().payload() instanceof StepFailed failed) {
                newestFailure.merge(failed.failedEventId().toString(), event,
                        (a, b) -> b.time().isAfter(a.time()) ? b : a);
            }
        }
        List<DeadLetterView> views = new ArrayList<>();
        for (DeadLetter letter : letters) {
            EventLine failure = letter.eventId() == null ? null : newestFailure.get(letter.eventId());
            if (letter.deadLetterReason() != null) {
                views.add(new DeadLetterView(letter, letter.deadLetterReason(), DeadLetterView.FROM_CONSUMER));
            } else if (failure != null) {
                views.add(new DeadLetterView(letter, PayloadSummary.failure((StepFailed) failure.envelope().payload()),
                        DeadLetterView.FROM_STEP_FAILED));
            } else {
                views.add(new DeadLetterView(letter, null, null));
            }
        }
        return views;
    }
}
