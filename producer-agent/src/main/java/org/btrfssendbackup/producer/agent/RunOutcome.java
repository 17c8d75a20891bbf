package org.btrfssendbackup.producer.agent;

import java.util.List;
import java.util.Optional;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupCompleted;

/**
 * How a run ended: its BackupCompleted, or why it failed; with the events seen on the way. Both
 * are present when the backup completed but the run still failed (see {@link RunVerdict}: a
 * quiesced service did not come back).
 */
public record RunOutcome(Optional<BackupCompleted> completed, Optional<String> failure, List<EventEnvelope> timeline) {

    public static RunOutcome succeeded(BackupCompleted completed, List<EventEnvelope> timeline) {
        return new RunOutcome(Optional.of(completed), Optional.empty(), timeline);
    }

    public static RunOutcome failed(String why, List<EventEnvelope> timeline) {
        return new RunOutcome(Optional.empty(), Optional.of(why), timeline);
    }

    public boolean succeeded() {
        return completed.isPresent() && failure.isEmpty();
    }
}
