package org.btrfssendbackup.messages.event;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The quiesced services were started again (design.md §7.4: whatever failed in between).
 *
 * @param services      the units we tried to start
 * @param stoppedAt     when they had stopped (copied from {@link ServicesQuiesced})
 * @param resumedAt     when the start commands returned
 * @param failedToStart units among {@code services} that did not come back: an alert, not a detail
 */
public record ServicesResumed(List<String> services, Instant stoppedAt, Instant resumedAt, List<String> failedToStart)
        implements EventPayload {
    public ServicesResumed {
        services = Require.list(services, "ServicesResumed.services");
        services.forEach(unit -> Require.matches(unit, Require.UNIT, "ServicesResumed.services"));
        Require.notNull(stoppedAt, "ServicesResumed.stoppedAt");
        Require.notNull(resumedAt, "ServicesResumed.resumedAt");
        if (resumedAt.isBefore(stoppedAt)) {
            throw new InvalidFieldException("ServicesResumed.resumedAt", "" + resumedAt + " is before stoppedAt " + stoppedAt);
        }
        failedToStart = Require.list(failedToStart, "ServicesResumed.failedToStart");
        for (String unit : failedToStart) {
            if (!services.contains(unit)) {
                throw new InvalidFieldException("ServicesResumed.failedToStart", "names " + unit + " which is not in services");
            }
        }
    }

    /** How long the services were down. */
    public Duration downWindow() {
        return Duration.between(stoppedAt, resumedAt);
    }
}
