package org.btrfssendbackup.ops.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.btrfssendbackup.broker.DeadLetter;
import org.btrfssendbackup.core.metrics.MetricsState;
import org.btrfssendbackup.core.metrics.SetMetrics;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.BackupRequested;

/**
 * The console's metrics (and the web console's, which can mount them): each set's verdict as
 * {@link StatusEvaluator} decides it from the audit log and the dead letters, its last success
 * with the duration and size of that run, and the dead letters waiting. Pure, like the evaluator.
 */
public final class ConsoleMetrics {

    private ConsoleMetrics() {
    }

    public static MetricsState of(List<EventLine> events, List<DeadLetter> deadLetters, Instant now, Duration maxAge) {
        Map<String, EventLine> newest = new HashMap<>();
        Map<String, EventLine> newestRequest = new HashMap<>();
        Map<String, BackupCompleted> lastCompleted = new HashMap<>();
        Map<String, Instant> lastCompletedAt = new HashMap<>();
        for (EventLine event : events) {
            if (event.backupSet() == null) {
                continue;
            }
            newest.merge(event.backupSet(), event, (a, b) -> b.time().isAfter(a.time()) ? b : a);
            if (event.isDecoded() && event.envelope().payload() instanceof BackupRequested) {
                newestRequest.merge(event.backupSet(), event, (a, b) -> b.time().isAfter(a.time()) ? b : a);
            }
            if (event.isDecoded() && event.envelope().payload() instanceof BackupCompleted done
                    && !event.time().isBefore(lastCompletedAt.getOrDefault(event.backupSet(), Instant.MIN))) {
                lastCompleted.put(event.backupSet(), done);
                lastCompletedAt.put(event.backupSet(), event.time());
            }
        }
        List<SetMetrics> sets = new ArrayList<>();
        for (SetStatus status : StatusEvaluator.evaluate(events, deadLetters, List.of(), now, maxAge)) {
            // The set's host is its producer's, named by the BackupRequested each run starts with: the
            // pruner's and the receiver's events on the set (often the newest) carry backup-srv's name.
            EventLine last = newestRequest.getOrDefault(status.backupSet(), newest.get(status.backupSet()));
            String host = last != null && last.host() != null ? last.host() : hostOfDeadLetter(status, deadLetters);
            BackupCompleted done = lastCompleted.get(status.backupSet());
            Instant lastRun = latest(status.lastSuccess(), status.lastFailure());
            sets.add(new SetMetrics(host, status.backupSet(), status.lastSuccess(), lastRun,
                    done == null ? null : Duration.ofMillis(done.durationMillis()), done == null ? null : done.bytes(),
                    status.verdict(), null, null));
        }
        return new MetricsState(sets, true, (long) deadLetters.size(), null, null);
    }

    private static String hostOfDeadLetter(SetStatus status, List<DeadLetter> deadLetters) {
        return deadLetters.stream().filter(l -> status.backupSet().equals(l.backupSet()) && l.host() != null)
                .map(DeadLetter::host).findFirst().orElse("");
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
