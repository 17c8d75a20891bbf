package org.btrfssendbackup.ops.year;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The one clock of the simulated year, shared by the producer's steps, the receiver and the
 * pruner, so that every time rule (snapshot names, the receiver's future-skew and
 * newer-than-stored checks, manifest times) sees the same simulated moment. It moves only
 * when told to, and never backwards.
 */
final class SimulatedClock extends Clock {

    private volatile Instant now;

    SimulatedClock(Instant start) {
        this.now = start;
    }

    void set(Instant instant) {
        if (instant.isBefore(now)) {
            throw new IllegalArgumentException("simulated clock: cannot go back from " + now + " to " + instant);
        }
        now = instant;
    }

    void advance(Duration by) {
        set(now.plus(by));
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
