package org.btrfssendbackup.core.chain;

import org.btrfssendbackup.core.layout.StreamKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The producer's choice between a full and an incremental send (seed semantics).
 *
 * <p>Full when there is no state, when the last-sent snapshot is gone locally (btrfs send -p
 * needs it), when no last full time is known, or when at least {@code fullIntervalDays} days
 * (24 h each) separate the snapshot time of the last full from the new snapshot's time.
 * Snapshot times, not wall-clock times, so that a late or retried run decides the same way.
 * Otherwise incremental on the last-sent snapshot.
 */
public final class FullOrIncremental {

    private FullOrIncremental() {
    }

    public static SendDecision decide(Optional<SendHistory> history, boolean lastSentExistsLocally,
                                      Instant newSnapshotTime, int fullIntervalDays) {
        Objects.requireNonNull(newSnapshotTime, "decide full or incremental: new snapshot time");
        if (fullIntervalDays < 0) {
            throw new IllegalArgumentException("decide full or incremental: FULL_INTERVAL_DAYS must be"
                    + " >= 0, got " + fullIntervalDays);
        }
        if (history.isEmpty()) {
            return full(SendDecision.Reason.NO_STATE, "no snapshot was sent before");
        }
        SendHistory state = history.get();
        String parent = state.lastSentSnapshot();
        if (!lastSentExistsLocally) {
            return full(SendDecision.Reason.PARENT_GONE_LOCALLY,
                    "last sent snapshot " + parent + " no longer exists locally");
        }
        Instant lastFull = state.lastFullSnapshotTime();
        if (lastFull == null) {
            return full(SendDecision.Reason.NO_FULL_RECORDED, "the time of the last full is unknown");
        }
        Duration age = Duration.between(lastFull, newSnapshotTime);
        if (age.compareTo(Duration.ofDays(fullIntervalDays)) >= 0) {
            return full(SendDecision.Reason.FULL_INTERVAL_ELAPSED, "last full (" + lastFull + ") is "
                    + age.toDays() + " days old, FULL_INTERVAL_DAYS=" + fullIntervalDays);
        }
        return new SendDecision(StreamKind.INCR, parent,
                SendDecision.Reason.INCREMENTAL_ON_LAST_SENT, "incremental on " + parent
                + ", last full (" + lastFull + ") is " + age.toDays() + " days old");
    }

    private static SendDecision full(SendDecision.Reason reason, String why) {
        return new SendDecision(StreamKind.FULL, null, reason, "full: " + why);
    }
}
