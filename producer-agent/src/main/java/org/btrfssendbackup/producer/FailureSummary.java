package org.btrfssendbackup.producer;

import java.util.List;
import java.util.Optional;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.ServiceRestartFailed;
import org.btrfssendbackup.messages.event.StepFailed;
import org.btrfssendbackup.producer.agent.RunOutcome;

/**
 * The one line a quiet run ({@code -q}, the cron line) prints when a set's backup fails: which
 * set, which step, the cause, and what to do. Pure. A quiet run prints nothing else, so this
 * line is the whole cron mail: it must make sense without the timeline.
 */
final class FailureSummary {

    private FailureSummary() {
    }

    /** A run that reached the broker and ended failed. */
    static String of(String backupSet, RunOutcome outcome) {
        String cause = outcome.failure().orElse("no outcome");
        Optional<StepFailed> stepFailed = finalStepFailure(outcome.timeline());
        if (stepFailed.isPresent()) {
            StepFailed failed = stepFailed.get();
            String whatToDo = failed.transientFailure()
                    ? "retried " + failed.attempt() + " times without success; once the cause is fixed the next run "
                            + "starts over (or `btrfs-backup-console dlq retry --all` retries this run's step)"
                    : "retrying cannot cure this; fix the cause, then `btrfs-send-backup run --set " + backupSet + "`";
            return line(backupSet, step(failed.failedEventType()), cause, whatToDo);
        }
        if (outcome.timeline().stream().anyMatch(e -> e.payload() instanceof ServiceRestartFailed)) {
            // RunVerdict's cause already says which units and how to start them.
            return line(backupSet, "the restart of the quiesced services", cause,
                    "start them now; the backup itself was stored");
        }
        return line(backupSet, "waiting for the run's end", cause,
                "look at the run's events (`btrfs-backup-console events list --since 1d --set " + backupSet
                        + "`) and run it again without -q to watch it");
    }

    /** A run that failed before any step ran (the broker could not be started or reached). */
    static String beforeSteps(String backupSet, String cause) {
        return line(backupSet, "connecting to the broker", cause,
                "check BROKER_URL and that the broker runs (`btrfs-backup-console status` on backup-srv), "
                        + "or --broker-dir for the embedded one");
    }

    static String line(String backupSet, String step, String cause, String whatToDo) {
        return "btrfs-send-backup: backup set " + backupSet + " FAILED in " + step + ": " + cause + "; what to do: "
                + whatToDo;
    }

    /** The step named by what it does, from the event type it consumed (ProducerSteps' dispatch). */
    static String step(String triggerType) {
        return switch (triggerType) {
            case "BackupRequested" -> "the snapshot step (quiesce, btrfs subvolume snapshot)";
            case "SnapshotCreated" -> "the send step (btrfs send to backup-srv)";
            case "StreamSent" -> "the complete step (state file, local retention)";
            default -> "the step for " + triggerType;
        };
    }

    private static Optional<StepFailed> finalStepFailure(List<EventEnvelope> timeline) {
        Optional<StepFailed> last = Optional.empty();
        for (EventEnvelope event : timeline) {
            if (event.payload() instanceof StepFailed failed && failed.isFinal()) {
                last = Optional.of(failed);
            }
        }
        return last;
    }
}
