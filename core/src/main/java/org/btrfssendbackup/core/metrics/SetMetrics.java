package org.btrfssendbackup.core.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one exporter knows about one backup set. A null field is not known to that exporter
 * (the producer knows its runs, the pruner the store) and its metric is left out rather than
 * written as 0, so an alert never fires on a value nobody measured.
 *
 * @param host            the prod-srv the set belongs to (label {@code host})
 * @param backupSet       the set (label {@code set})
 * @param lastSuccess     end of the newest successful run, or null
 * @param lastRun         end of the newest run, successful or not, or null
 * @param lastRunDuration how long the newest successful run took, or null
 * @param lastRunBytes    bytes of the newest successful run's stream, or null
 * @param status          the set's verdict, or null
 * @param restorePoints   restorable points in the store, or null
 * @param corruptStreams  stored streams found damaged, or null
 */
public record SetMetrics(String host, String backupSet, Instant lastSuccess, Instant lastRun,
                         Duration lastRunDuration, Long lastRunBytes, SetHealth status, Integer restorePoints,
                         Integer corruptStreams) {

    public SetMetrics {
        Objects.requireNonNull(host, "set metrics: host");
        Objects.requireNonNull(backupSet, "set metrics of host " + host + ": set");
        if (lastRunDuration != null && lastRunDuration.isNegative()) {
            throw new IllegalArgumentException("set metrics " + host + "/" + backupSet + ": negative duration "
                    + lastRunDuration);
        }
        if (lastRunBytes != null && lastRunBytes < 0) {
            throw new IllegalArgumentException("set metrics " + host + "/" + backupSet + ": negative bytes "
                    + lastRunBytes);
        }
        if ((restorePoints != null && restorePoints < 0) || (corruptStreams != null && corruptStreams < 0)) {
            throw new IllegalArgumentException("set metrics " + host + "/" + backupSet + ": negative count");
        }
    }

    /** A set with nothing known yet but its name. */
    public static SetMetrics named(String host, String backupSet) {
        return new SetMetrics(host, backupSet, null, null, null, null, null, null, null);
    }
}
