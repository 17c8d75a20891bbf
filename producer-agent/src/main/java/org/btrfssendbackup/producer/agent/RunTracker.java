package org.btrfssendbackup.producer.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.btrfssendbackup.core.time.Durations;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.StepFailed;
import org.btrfssendbackup.producer.steps.RunObserver;

/**
 * Follows one run through this process's steps until its terminal event: BackupCompleted, or
 * a StepFailed of the run marked final (a permanent failure, or the step consumer's last
 * attempt; the consumer dead-letters the trigger then). The tracker counts nothing and
 * assumes nothing about the broker's redelivery settings: the consumer that decided says so.
 * Events of other runs (a leftover from a crashed run being finished) are passed on but do not
 * end the wait.
 */
public final class RunTracker implements RunObserver {

    private final int maxAttempts;
    private final Consumer<EventEnvelope> onEvent;
    private final List<EventEnvelope> timeline = new ArrayList<>();
    private String runId;
    private RunOutcome outcome;

    /**
     * @param maxAttempts the step consumer's limit (StepSettings.redelivery), only for the message
     * @param onEvent     called for each event of the run as it happens (the timeline printer)
     */
    public RunTracker(int maxAttempts, Consumer<EventEnvelope> onEvent) {
        this.maxAttempts = maxAttempts;
        this.onEvent = onEvent;
    }

    /** Call before publishing the request, so no event of the run is missed. */
    public synchronized void follow(String runIdToFollow) {
        this.runId = runIdToFollow;
    }

    /** Events this producer emits, and the StepFailed events its step consumer publishes. */
    @Override
    public synchronized void onEvent(EventEnvelope event) {
        if (runId == null || !runId.equals(event.runId())) {
            return;
        }
        timeline.add(event);
        onEvent.accept(event);
        if (outcome != null) {
            return;
        }
        if (event.payload() instanceof BackupCompleted completed) {
            outcome = RunVerdict.completed(completed, List.copyOf(timeline));
            notifyAll();
        } else if (event.payload() instanceof StepFailed failed && failed.isFinal()) {
            outcome = RunOutcome.failed(reason(failed), List.copyOf(timeline));
            notifyAll();
        }
    }

    private String reason(StepFailed failed) {
        // Final: a permanent failure (at any attempt) or the consumer's last attempt; the consumer knows which.
        return failed.failedEventType() + " step, attempt " + failed.attempt() + " of " + maxAttempts + ": "
                + failed.causeMessage() + " (dead-lettered)";
    }

    /**
     * Waits for the outcome. Gives up, as failed, when {@code alive} turns false (the broker
     * connection broke) or the run's deadline passes: a backup run must never hang silently.
     *
     * @param deadline how long the run may take in all (RUN_DEADLINE)
     */
    public synchronized RunOutcome await(Duration deadline, BooleanSupplier alive) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (outcome == null) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return RunOutcome.failed("the run deadline passed: no result after " + Durations.format(deadline)
                        + " (RUN_DEADLINE)", List.copyOf(timeline));
            }
            if (!alive.getAsBoolean()) {
                return RunOutcome.failed("the connection to the broker was lost", List.copyOf(timeline));
            }
            wait(Math.min(500, Math.max(1, left / 1_000_000)));
        }
        return outcome;
    }
}
