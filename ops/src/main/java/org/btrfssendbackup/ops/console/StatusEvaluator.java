package org.btrfssendbackup.ops.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import org.btrfssendbackup.broker.DeadLetter;
import org.btrfssendbackup.messages.event.RunAborted;
import org.btrfssendbackup.messages.event.StepFailed;

/**
 * Decides each backup set's verdict from its event history and the dead letters. Pure: the
 * caller supplies "now", so the rules are table-tested without a broker or a clock.
 *
 * <p>FAILING wins over STALE: a failure newer than the last success is the more urgent and
 * more specific message. A set with no success at all is STALE unless something failed.
 */
public final class StatusEvaluator {

    private static final String SUCCESS = "BackupCompleted";

    private StatusEvaluator() {
    }

    /**
     * @param events       audit events (any order)
     * @param deadLetters  the dead-letter queue
     * @param expectedSets sets to report even when they have no events (reported STALE); may be empty
     * @param now          the current time
     * @param maxAge       a success older than this makes the set STALE
     * @return one status per set seen in the events, the dead letters or {@code expectedSets}, by name
     */
    public static List<SetStatus> evaluate(List<EventLine> events, List<DeadLetter> deadLetters,
                                           Collection<String> expectedSets, Instant now, Duration maxAge) {
        TreeSet<String> sets = new TreeSet<>(expectedSets);
        events.stream().map(EventLine::backupSet).filter(s -> s != null).forEach(sets::add);
        deadLetters.stream().map(DeadLetter::backupSet).filter(s -> s != null).forEach(sets::add);
        List<SetStatus> statuses = new ArrayList<>();
        for (String set : sets) {
            statuses.add(evaluateSet(set, events, deadLetters, now, maxAge));
        }
        return statuses;
    }

    private static SetStatus evaluateSet(String set, List<EventLine> events, List<DeadLetter> deadLetters, Instant now,
                                         Duration maxAge) {
        SortedMap<String, Instant> lastByType = new TreeMap<>();
        Instant lastFailure = null;
        String failureDetail = null;
        for (EventLine event : events) {
            if (!set.equals(event.backupSet()) || event.type() == null) {
                continue;
            }
            lastByType.merge(event.type(), event.time(), (a, b) -> b.isAfter(a) ? b : a);
            if (event.isDecoded() && event.envelope().payload() instanceof StepFailed failed
                    && (lastFailure == null || event.time().isAfter(lastFailure))) {
                lastFailure = event.time();
                failureDetail = "step failed at " + lastFailure + ": " + PayloadSummary.failure(failed);
            }
            if (event.isDecoded() && event.envelope().payload() instanceof RunAborted aborted
                    && (lastFailure == null || event.time().isAfter(lastFailure))) {
                // A killed run left no failure of its own: the next run's RunAborted stands for it.
                lastFailure = event.time();
                failureDetail = "run " + aborted.abortedRunId() + " (started " + aborted.startedAt() + ", pid "
                        + aborted.pid() + ") died without an outcome, found at " + lastFailure;
            }
        }
        for (DeadLetter letter : deadLetters) {
            if (set.equals(letter.backupSet()) && (lastFailure == null || letter.timestamp().isAfter(lastFailure))) {
                lastFailure = letter.timestamp();
                failureDetail = "dead letter " + letter.messageId() + " (" + letter.type() + ") published "
                        + lastFailure;
            }
        }
        Instant lastSuccess = lastByType.get(SUCCESS);
        Duration age = lastSuccess == null ? null : Duration.between(lastSuccess, now);
        Verdict verdict;
        String explanation;
        if (lastFailure != null && (lastSuccess == null || lastFailure.isAfter(lastSuccess))) {
            verdict = Verdict.FAILING;
            explanation = failureDetail + (lastSuccess == null ? "; no success yet" : "; after the last success");
        } else if (lastSuccess == null) {
            verdict = Verdict.STALE;
            explanation = "no BackupCompleted in the audit log";
        } else if (age.compareTo(maxAge) > 0) {
            verdict = Verdict.STALE;
            explanation = "last success " + TimeArguments.age(age) + " ago, more than " + TimeArguments.age(maxAge);
        } else {
            verdict = Verdict.OK;
            explanation = "last success " + TimeArguments.age(age) + " ago";
        }
        return new SetStatus(set, verdict, explanation, lastSuccess, age, lastFailure, lastByType);
    }
}
