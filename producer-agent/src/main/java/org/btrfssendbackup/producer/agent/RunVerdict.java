package org.btrfssendbackup.producer.agent;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.ServiceRestartFailed;

/**
 * The verdict on a run whose backup completed. Pure. A run whose events include a
 * ServiceRestartFailed is FAILED even though its backup was stored: production services left
 * down are an outage, and an outage must never end in exit status 0 and "status OK"
 * (design.md section 8: "a service that does not come back fails the run loudly").
 */
public final class RunVerdict {

    private RunVerdict() {
    }

    /**
     * @param timeline the run's events, in order
     * @return why the run failed although its backup completed, or empty when it succeeded
     */
    public static Optional<String> failureDespiteCompletion(List<EventEnvelope> timeline) {
        Set<String> down = new LinkedHashSet<>();
        for (EventEnvelope event : timeline) {
            if (event.payload() instanceof ServiceRestartFailed failed) {
                down.addAll(failed.units());
            }
        }
        if (down.isEmpty()) {
            return Optional.empty();
        }
        String units = String.join(" ", down);
        return Optional.of("services " + units + " did not start again after the snapshot; start them by hand:"
                + " systemctl start " + units + " (the backup itself was stored)");
    }

    /** The outcome of a run that reached BackupCompleted: succeeded, or failed with the backup kept in it. */
    public static RunOutcome completed(BackupCompleted completed,
                                       List<EventEnvelope> timeline) {
        return failureDespiteCompletion(timeline)
                .map(why -> new RunOutcome(Optional.of(completed), Optional.of(why), timeline))
                .orElseGet(() -> RunOutcome.succeeded(completed, timeline));
    }
}
