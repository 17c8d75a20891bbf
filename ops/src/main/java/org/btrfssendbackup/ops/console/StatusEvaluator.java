package org.btrfssendbackup.ops.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import org.btrfssendbackup.broker.DeadLetter;
import org.btrfssendbackup.core.metrics.SetHealth;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.PruneCompleted;
import org.btrfssendbackup.messages.event.PruneTarget;
import org.btrfssendbackup.messages.event.RunAborted;
import org.btrfssendbackup.messages.event.ServiceRestartFailed;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.messages.event.StreamCorrupt;
import org.btrfssendbackup.messages.event.StepFailed;

/**
 * Decides each backup set's verdict from its event history and the dead letters. Pure: the
 * caller supplies "now", so the rules are table-tested without a broker or a clock.
 *
 * <p>FAILING wins over STALE: a failure newer than the last success is the more urgent and
 * more specific message. A set with no success at all is STALE unless something failed.
 *
 * <p>A ServiceRestartFailed is a failure, and the BackupCompleted of the same run is not a
 * success: the run left production services down, so its verdict is FAILED (the producer's
 * RunVerdict says the same). Without this the run's own BackupCompleted, published after the
 * event, would hide it.
 *
 * <p>A StreamCorrupt (the scrub or the pruner's check found a stored stream damaged) makes the
 * set CORRUPT until a full backup completes after it: until then the newest restore points may
 * stand on the damaged stream, and the producer's next run is the one that sends the full.
 * CORRUPT wins over FAILING (a failure since the damage is added to the explanation): it is the
 * worse news, restore points are gone, and only a full cures it. After that full the set can be OK
 * again, but its explanation keeps naming the damaged stream and the restore points it took
 * down, because nothing deletes them automatically (verify shows them too).
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
        Set<String> runsWithServicesDown = new HashSet<>();
        for (EventLine event : events) {
            if (set.equals(event.backupSet()) && event.isDecoded()
                    && event.envelope().payload() instanceof ServiceRestartFailed && event.runId() != null) {
                runsWithServicesDown.add(event.runId());
            }
        }
        Instant lastSuccess = null;
        SetStatus.LastBackup lastBackup = null;
        Instant lastPrune = null;
        Integer keptAtLastPrune = null;
        Instant lastFullSuccess = null;
        StreamCorrupt lastDamage = null;
        Instant lastDamageTime = null;
        for (EventLine event : events) {
            if (set.equals(event.backupSet()) && event.isDecoded()) {
                if (event.envelope().payload() instanceof BackupCompleted done && done.kind() == SnapshotKind.FULL
                        && (lastFullSuccess == null || event.time().isAfter(lastFullSuccess))) {
                    lastFullSuccess = event.time();
                } else if (event.envelope().payload() instanceof StreamCorrupt damage
                        && (lastDamageTime == null || event.time().isAfter(lastDamageTime))) {
                    lastDamage = damage;
                    lastDamageTime = event.time();
                }
            }
        }
        for (EventLine event : events) {
            if (!set.equals(event.backupSet()) || event.type() == null) {
                continue;
            }
            lastByType.merge(event.type(), event.time(), (a, b) -> b.isAfter(a) ? b : a);
            if (SUCCESS.equals(event.type()) && !runsWithServicesDown.contains(event.runId())
                    && (lastSuccess == null || event.time().isAfter(lastSuccess))) {
                lastSuccess = event.time();
                lastBackup = event.isDecoded() && event.envelope().payload() instanceof BackupCompleted done
                        ? new SetStatus.LastBackup(done.snapshot(), done.kind() == SnapshotKind.FULL ? "full" : "incremental",
                                done.bytes(), done.durationMillis()) : null;
            }
            if (event.isDecoded() && event.envelope().payload() instanceof PruneCompleted pruned
                    && pruned.target() == PruneTarget.STREAMS && !pruned.dryRun()
                    && (lastPrune == null || event.time().isAfter(lastPrune))) {
                lastPrune = event.time();
                keptAtLastPrune = pruned.kept();
            }
            if (!event.isDecoded() || (lastFailure != null && !event.time().isAfter(lastFailure))) {
                continue;
            }
            if (event.envelope().payload() instanceof StepFailed failed) {
                lastFailure = event.time();
                failureDetail = "step failed at " + lastFailure + ": " + PayloadSummary.failure(failed);
            } else if (event.envelope().payload() instanceof ServiceRestartFailed down) {
                lastFailure = event.time();
                failureDetail = "services left down at " + lastFailure + ": " + PayloadSummary.of(down);
            }
            if (event.isDecoded() && event.envelope().payload() instanceof RunAborted aborted
                    && (lastFailure == null || event.time().isAfter(lastFailure))) {
                // A killed run left no failure of its own: the next run's RunAborted stands for it.
                lastFailure = event.time();
                failureDetail = "run " + aborted.abortedRunId() + " (started " + aborted.startedAt() + ", pid "
                        + aborted.pid() + ") died without an outcome, found at " + lastFailure;
            }
        }
        String damageDetail = lastDamage == null ? null : "stored stream " + lastDamage.file() + " damaged ("
                + lastDamage.problem() + "), reported " + lastDamageTime + "; restore points it takes down: "
                + String.join(", ", lastDamage.unrestorablePoints());
        // Incremental successes after the damage may stand on it: only a full clears it.
        boolean damagePending = lastDamage != null && (lastFullSuccess == null || lastDamageTime.isAfter(lastFullSuccess));
        for (DeadLetter letter : deadLetters) {
            if (set.equals(letter.backupSet()) && (lastFailure == null || letter.timestamp().isAfter(lastFailure))) {
                lastFailure = letter.timestamp();
                failureDetail = "dead letter " + letter.messageId() + " (" + letter.type() + ") published "
                        + lastFailure;
            }
        }
        Duration age = lastSuccess == null ? null : Duration.between(lastSuccess, now);
        SetHealth verdict;
        String explanation;
        if (damagePending) {
            verdict = SetHealth.CORRUPT;
            explanation = damageDetail + "; no full backup since (the next run sends one)";
            if (lastFailure != null && lastFailure.isAfter(lastDamageTime)) {
                explanation += "; since then: " + failureDetail;
            }
            lastFailure = lastFailure == null || lastDamageTime.isAfter(lastFailure) ? lastDamageTime : lastFailure;
        } else if (lastFailure != null && (lastSuccess == null || lastFailure.isAfter(lastSuccess))) {
            verdict = SetHealth.FAILING;
            explanation = failureDetail + (lastSuccess == null ? "; no success yet" : "; after the last success");
        } else if (lastSuccess == null) {
            verdict = SetHealth.STALE;
            explanation = "no BackupCompleted in the audit log";
        } else if (age.compareTo(maxAge) > 0) {
            verdict = SetHealth.STALE;
            explanation = "last success " + TimeArguments.age(age) + " ago, more than " + TimeArguments.age(maxAge);
        } else {
            verdict = SetHealth.OK;
            explanation = "last success " + TimeArguments.age(age) + " ago";
        }
        if (verdict != SetHealth.CORRUPT && damageDetail != null) {
            explanation += "; earlier: " + damageDetail + " (kept for an operator's decision: see verify)";
        }
        SetStatus.Damage damage = lastDamage == null ? null : new SetStatus.Damage(lastDamage.file(),
                lastDamage.problem(), lastDamageTime, lastDamage.unrestorablePoints(), damagePending);
        return new SetStatus(set, verdict, explanation, lastSuccess, age, lastFailure, lastByType, lastBackup,
                keptAtLastPrune, damage);
    }
}
