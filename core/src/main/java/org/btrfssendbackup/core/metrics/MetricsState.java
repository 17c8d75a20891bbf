package org.btrfssendbackup.core.metrics;

import java.util.List;
import java.util.Objects;

/**
 * Everything one exporter (a producer run, the producer or pruner service, the console) knows
 * at one moment; {@link BackupMetrics} turns it into the metrics. Null means "not known here".
 *
 * @param sets               per-set facts
 * @param brokerUp           whether the broker answered, or null
 * @param deadLetters        messages waiting on the dead-letter queue, or null
 * @param storeFreeBytes     free bytes of the backup store's file system, or null
 * @param storeSizeBytes     size of that file system, or null
 */
public record MetricsState(List<SetMetrics> sets, Boolean brokerUp, Long deadLetters, Long storeFreeBytes,
                           Long storeSizeBytes) {

    public MetricsState {
        sets = List.copyOf(Objects.requireNonNull(sets, "metrics state: sets"));
    }

    /** Only per-set facts. */
    public static MetricsState ofSets(List<SetMetrics> sets) {
        return new MetricsState(sets, null, null, null, null);
    }

    public MetricsState withBrokerUp(boolean up) {
        return new MetricsState(sets, up, deadLetters, storeFreeBytes, storeSizeBytes);
    }

    public MetricsState withDeadLetters(long waiting) {
        return new MetricsState(sets, brokerUp, waiting, storeFreeBytes, storeSizeBytes);
    }

    public MetricsState withStore(long freeBytes, long sizeBytes) {
        return new MetricsState(sets, brokerUp, deadLetters, freeBytes, sizeBytes);
    }
}
