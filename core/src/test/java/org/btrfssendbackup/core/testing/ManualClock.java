package org.btrfssendbackup.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A test clock (UTC) that moves only when told to, and never backwards: snapshot names (whole
 * seconds) never collide, and every time rule (snapshot names, the receiver's future-skew and
 * newer-than-stored checks, manifest times) sees the same moment when one clock is shared.
 */
public final class ManualClock extends Clock {

    private volatile Instant now;

    public ManualClock(Instant start) {
        this.now = start;
    }

    public void set(Instant instant) {
        if (instant.isBefore(now)) {
            throw new IllegalArgumentException("test clock: cannot go back from " + now + " to " + instant);
        }
        now = instant;
    }

    public void advance(Duration by) {
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
