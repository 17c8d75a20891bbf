package org.btrfssendbackup.messages.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Quiesced services did not come back after the snapshot: a production outage the operator
 * must fix now. The backup itself goes on (the snapshot is taken), but the run's verdict is
 * FAILED and the console's status shows the set FAILING until a clean run.
 *
 * @param units          the units that are not active, in SERVICES_TO_QUIESCE order; at least one
 * @param states         each such unit's state as {@code systemctl is-active} last answered it
 *                       ("failed", "inactive", "activating" after the wait ran out, or "unknown"
 *                       when systemctl could not be asked)
 * @param systemctlError what {@code systemctl start} reported (its message and stderr), bounded;
 *                       null when the start command itself succeeded
 * @param downSince      when the services had stopped
 */
public record ServiceRestartFailed(List<String> units, SortedMap<String, String> states, String systemctlError,
                                   Instant downSince) implements EventPayload {
    public ServiceRestartFailed {
        units = Require.list(units, "ServiceRestartFailed.units");
        if (units.isEmpty()) {
            throw new InvalidFieldException("ServiceRestartFailed.units", "must name at least one unit");
        }
        units.forEach(unit -> Require.matches(unit, Require.UNIT, "ServiceRestartFailed.units"));
        states = Require.sortedMap(states, "ServiceRestartFailed.states");
        if (!states.keySet().equals(new TreeSet<>(units))) {
            throw new InvalidFieldException("ServiceRestartFailed.states", "must give a state for exactly the units "
                    + units + ", has " + states.keySet());
        }
        systemctlError = Require.truncated(systemctlError);
        Require.notNull(downSince, "ServiceRestartFailed.downSince");
    }

    /** As the record's constructor, from any map (it is copied and sorted). */
    public static ServiceRestartFailed of(List<String> units, Map<String, String> states, String systemctlError,
                                          Instant downSince) {
        return new ServiceRestartFailed(units, new TreeMap<>(states), systemctlError, downSince);
    }
}
