package org.btrfssendbackup.messages.event;

import java.time.Instant;
import java.util.List;

/**
 * The services of a set were stopped for a consistent snapshot. The down window starts here
 * and ends with {@link ServicesResumed}; an operator watching the audit trail sees a
 * Quiesced without a Resumed as an outage.
 *
 * @param services  the systemd units stopped, in stop order
 * @param stoppedAt when the last one had stopped
 */
public record ServicesQuiesced(List<String> services, Instant stoppedAt) implements EventPayload {
    public ServicesQuiesced {
        services = Require.list(services, "ServicesQuiesced.services");
        if (services.isEmpty()) {
            throw new InvalidFieldException("ServicesQuiesced.services", "must name at least one unit");
        }
        services.forEach(unit -> Require.matches(unit, Require.UNIT, "ServicesQuiesced.services"));
        Require.notNull(stoppedAt, "ServicesQuiesced.stoppedAt");
    }
}
