package org.btrfssendbackup.producer.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.StepFailed;
import org.btrfssendbackup.messages.jms.TransientStepException;
import org.btrfssendbackup.producer.steps.RunObserver;

/**
 * Follows one run through this process's steps until its terminal event: BackupCompleted, or
 * a step failure on the last delivery attempt (the broker dead-letters it then). Events of
 * other runs (a leftover from a crashed run being finished) are passed on but do not end the wait.
 */
public final class RunTracker implements RunObserver {

    private final int maxDeliveryAttempts;
    private final int inStepAttempts;
    private final Map<String, Integer> triesPerDelivery = new HashMap<>();
    private final Consumer<EventEnvelope> onEvent;
    private final List<EventEnvelope> timeline = new ArrayList<>();
    private String runId;
    private RunOutcome outcome;

    /**
     * @param maxDeliveryAttempts the broker's redelivery limit: a failure on this attempt is final
     * @param inStepAttempts      tries of a transient failure within one delivery (StepSettings)
     * @param onEvent             called for each event of the run as it happens (the timeline printer)
     */
    public RunTracker(int maxDeliveryAttempts, int inStepAttempts, Consumer<EventEnvelope> onEvent) {
        this.maxDeliveryAttempts = maxDeliveryAttempts;
        this.inStepAttempts = inStepAttempts;
        this.onEvent = onEvent;
    }

    /** Call before publishing the request, so no event of the run is missed. */
    public synchronized void follow(String runIdToFollow) {
        this.runId = runIdToFollow;
    }

    @Override
    public synchronized void onEvent(EventEnvelope event) {
        if (runId == null || !runId.equals(event.runId())) {
            return;
        }
        timeline.add(event);
        onEvent.accept(event);
        if (event.payload() instanceof BackupCompleted completed) {
            outcome = RunVerdict.completed(completed, List.copyOf(timeline));
            notifyAll();
        }
    }

    @Override
    public synchronized void onStepFailed(EventEnvelope trigger, int attempt, Throwable failure) {
        if (runId == null || !runId.equals(trigger.runId())) {
            return;
        }
        String reason = trigger.type() + " step, attempt " + attempt + " of " + maxDeliveryAttempts + ": "
                + failure.getMessage();
        // The StepConsumer publishes the real StepFailed; this copy is for the printed timeline.
        EventEnvelope failed = trigger.followUp(new StepFailed(ProducerAgent.STEP_NAME, attempt, trigger.eventId(),
                trigger.type(), failure.getClass().getName(), failure.getMessage(), false), trigger.host());
        timeline.add(failed);
        onEvent.accept(failed);
        // A transient failure is retried in place before the delivery fails: final only on the last try.
        int tries = triesPerDelivery.merge(trigger.eventId() + "#" + attempt, 1, Integer::sum);
        boolean deliveryFailed = !TransientStepException.isTransient(failure) || tries >= inStepAttempts;
        if (attempt >= maxDeliveryAttempts && deliveryFailed) {
            outcome = RunOutcome.failed(reason + " (dead-lettered)", List.copyOf(timeline));
            notifyAll();
        }
    }

    /**
     * Waits for the outcome. Gives up, as failed, when {@code alive} turns false (the broker
     * connection broke) or the timeout passes: a backup run must never hang silently.
     */
    public synchronized RunOutcome await(Duration timeout, BooleanSupplier alive) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (outcome == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return RunOutcome.failed("no result after " + timeout.toMinutes() + " minutes", List.copyOf(timeline));
            }
            if (!alive.getAsBoolean()) {
                return RunOutcome.failed("the connection to the broker was lost", List.copyOf(timeline));
            }
            wait(Math.min(500, Math.max(1, left / 1_000_000)));
        }
        return outcome;
    }
}
