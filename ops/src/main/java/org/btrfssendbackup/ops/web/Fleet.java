package org.btrfssendbackup.ops.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.btrfssendbackup.core.metrics.MetricsState;
import org.btrfssendbackup.core.metrics.SetMetrics;
import org.btrfssendbackup.ops.console.SetStatus;
import org.btrfssendbackup.ops.console.StoreFacts;

/**
 * One reading of the hub and the store for the fleet page and /metrics: the console's verdicts
 * ({@code status}), its metrics ({@code metrics}) and, where the store is on this host, its facts.
 *
 * @param statuses     per set, as StatusEvaluator decides
 * @param metrics      per set host, last run's duration and size, as ConsoleMetrics reads them; with the store's space
 * @param store        the store's restore points and free space, or null when it is not here
 * @param storeProblem why the store could not be read, or null
 * @param deadLetters  dead letters waiting
 */
public record Fleet(Instant now, List<SetStatus> statuses, MetricsState metrics, StoreFacts store, String storeProblem,
                    int deadLetters) {

    public Fleet {
        statuses = List.copyOf(statuses);
    }

    /** The metrics of one set (host, duration, bytes); null when the metrics do not name it. */
    public SetMetrics metricsOf(String backupSet) {
        return metrics.sets().stream().filter(m -> m.backupSet().equals(backupSet)).findFirst().orElse(null);
    }

    /** Stored restore points of a set; null when the store is not on this host. */
    public Integer restorePoints(String backupSet) {
        return store == null ? null : store.restorePoints().getOrDefault(backupSet, 0);
    }

    Map<String, Integer> storedPoints() {
        return store == null ? Map.of() : store.restorePoints();
    }
}
