package org.btrfssendbackup.ops.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One load of the fan-in benchmark (a burst or a steady run) as the hub's audit saw it.
 *
 * @param load           "burst" or "steady"
 * @param published      events the hosts published (each committed to its local broker)
 * @param missing        published events that did not arrive within the wait
 * @param duplicates     event ids that arrived more than once
 * @param unexpected     ids that arrived but were not published in this load
 * @param hostMismatches arrivals whose hub user (validated by the hub) is not the host they name
 * @param wallNanos      from the first publish to the last arrival
 * @param publishNanos   from the first publish to the last (committed on its host's local broker)
 * @param latencyMicros  publish to audit, per arrival, sorted
 * @param pruneRequests  PruneRequested events the pruner's queue at the hub received
 */
record FanInResult(String load, int hosts, long published, long missing, long duplicates, long unexpected,
                   long hostMismatches, long wallNanos, long publishNanos, long[] latencyMicros,
                   long pruneRequests) {

    FanInResult {
        latencyMicros = latencyMicros.clone();
        Arrays.sort(latencyMicros);
    }

    /** Compares what was published with what arrived. */
    static FanInResult of(String load, int hosts, Set<String> publishedIds, long firstPublishMicros, long lastPublishMicros,
                          AuditWatch.Arrivals arrivals) {
        long missing = publishedIds.stream().filter(id -> !arrivals.countsById().containsKey(id)).count();
        long duplicates = arrivals.countsById().values().stream().filter(n -> n > 1).count();
        long unexpected = arrivals.countsById().keySet().stream().filter(id -> !publishedIds.contains(id)).count();
        long wall = Math.max(1, (arrivals.lastArrivalMicros() - firstPublishMicros) * 1_000);
        return new FanInResult(load, hosts, publishedIds.size(), missing, duplicates, unexpected, arrivals.hostMismatches(),
                wall, Math.max(1, (lastPublishMicros - firstPublishMicros) * 1_000), arrivals.latencyMicros(),
                arrivals.pruneRequests());
    }

    /** Every published event arrived, once, and nothing else did. */
    boolean exactlyOnce() {
        return published > 0 && missing == 0 && duplicates == 0 && unexpected == 0;
    }

    /** Events that reached the audit per second, from the first publish to the last arrival. */
    double eventsPerSecond() {
        return (published - missing) / (wallNanos / 1e9);
    }

    /**
     * Events the hosts committed locally per second: above {@link #eventsPerSecond()} when the
     * bridges and the hub are what limits, equal when the hosts' own journals are.
     */
    double publishedPerSecond() {
        return published / (publishNanos / 1e9);
    }

    /** The nearest-rank percentile {@code q} (0 < q <= 1) of the latencies, in ms; NaN without any. */
    double latencyMillis(double q) {
        if (latencyMicros.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * latencyMicros.length);
        return latencyMicros[Math.min(latencyMicros.length, Math.max(1, rank)) - 1] / 1000.0;
    }

    double p50Millis() {
        return latencyMillis(0.50);
    }

    double p99Millis() {
        return latencyMillis(0.99);
    }

    double maxMillis() {
        return latencyMillis(1.0);
    }

    /** The figures of this load for --json. */
    Map<String, Object> json() {
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("p50", round(p50Millis()));
        latency.put("p99", round(p99Millis()));
        latency.put("max", round(maxMillis()));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("load", load);
        json.put("hosts", hosts);
        json.put("published", published);
        json.put("missing", missing);
        json.put("duplicates", duplicates);
        json.put("unexpected", unexpected);
        json.put("hostMismatches", hostMismatches);
        json.put("eventsPerSecond", round(eventsPerSecond()));
        json.put("publishedPerSecond", round(publishedPerSecond()));
        json.put("latencyMillis", latency);
        json.put("pruneRequests", pruneRequests);
        return json;
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
