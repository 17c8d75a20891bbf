package org.btrfssendbackup.core.metrics;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The one definition of the metrics every exporter writes (the textfile of a one-shot run, the
 * services' {@code /metrics}, the web console): their names, help, units and where each value
 * comes from. Pure: a {@link MetricsState} in, snapshots out; nothing is registered or kept.
 *
 * <p>All are gauges in base units (seconds, bytes, Unix seconds for times), labelled {@code host}
 * and {@code set} per backup set. A value the exporter does not know is left out, so an alert
 * rule sees "absent", not a made-up 0.
 */
public final class BackupMetrics {

    public static final String PREFIX = "btrfs_backup_";
    public static final String LAST_SUCCESS = PREFIX + "last_success_timestamp_seconds";
    public static final String LAST_RUN = PREFIX + "last_run_timestamp_seconds";
    public static final String LAST_RUN_DURATION = PREFIX + "last_run_duration_seconds";
    public static final String LAST_RUN_BYTES = PREFIX + "last_run_bytes";
    public static final String SET_STATUS = PREFIX + "set_status";
    public static final String RESTORE_POINTS = PREFIX + "restore_points";
    public static final String CORRUPT_STREAMS = PREFIX + "corrupt_streams";
    public static final String DEAD_LETTERS = PREFIX + "dead_letters";
    public static final String BROKER_UP = PREFIX + "broker_up";
    public static final String STORE_FREE = PREFIX + "store_free_bytes";
    public static final String STORE_SIZE = PREFIX + "store_size_bytes";

    /** One per-set gauge: its name, help, unit (or null) and value (null = unknown). */
    private record SetGauge(String name, String help, Unit unit, Function<SetMetrics, Double> value) {
    }

    private static final List<SetGauge> SET_GAUGES = List.of(
            new SetGauge(LAST_SUCCESS, "When the newest successful backup of the set ended.", Unit.SECONDS,
                    s -> seconds(s.lastSuccess())),
            new SetGauge(LAST_RUN, "When the newest backup run of the set ended, successful or not.", Unit.SECONDS,
                    s -> seconds(s.lastRun())),
            new SetGauge(LAST_RUN_DURATION, "How long the newest successful backup of the set took.", Unit.SECONDS,
                    s -> s.lastRunDuration() == null ? null : s.lastRunDuration().toMillis() / 1000.0),
            new SetGauge(LAST_RUN_BYTES, "Size of the stream the newest successful backup of the set sent.",
                    Unit.BYTES, s -> s.lastRunBytes() == null ? null : s.lastRunBytes().doubleValue()),
            new SetGauge(RESTORE_POINTS, "Restorable points of the set in the backup store.", null,
                    s -> s.restorePoints() == null ? null : s.restorePoints().doubleValue()),
            new SetGauge(CORRUPT_STREAMS, "Stored streams of the set found damaged.", null,
                    s -> s.corruptStreams() == null ? null : s.corruptStreams().doubleValue()));

    private BackupMetrics() {
    }

    /** @return the metrics of {@code state}, sets in host/set order, families in a fixed order */
    public static MetricSnapshots snapshots(MetricsState state) {
        List<SetMetrics> sets = new ArrayList<>(state.sets());
        sets.sort(Comparator.comparing(SetMetrics::host).thenComparing(SetMetrics::backupSet));
        List<MetricSnapshot> families = new ArrayList<>();
        for (SetGauge gauge : SET_GAUGES) {
            GaugeSnapshot.Builder family = GaugeSnapshot.builder().name(gauge.name()).help(gauge.help());
            if (gauge.unit() != null) {
                family.unit(gauge.unit());
            }
            boolean any = false;
            for (SetMetrics set : sets) {
                Double value = gauge.value().apply(set);
                if (value != null) {
                    family.dataPoint(point(value, setLabels(set)));
                    any = true;
                }
            }
            if (any) {
                families.add(family.build());
            }
        }
        GaugeSnapshot.Builder status = GaugeSnapshot.builder().name(SET_STATUS)
                .help("The set's verdict: 1 for the status it has (ok, stale, failing, corrupt), 0 for the others.");
        boolean anyStatus = false;
        for (SetMetrics set : sets) {
            if (set.status() != null) {
                for (SetHealth health : SetHealth.values()) {
                    status.dataPoint(point(health == set.status() ? 1 : 0,
                            setLabels(set).add("status", health.label())));
                }
                anyStatus = true;
            }
        }
        if (anyStatus) {
            families.add(status.build());
        }
        if (state.deadLetters() != null) {
            families.add(single(DEAD_LETTERS, "Messages waiting on the dead-letter queue for an operator.", null,
                    state.deadLetters()));
        }
        if (state.brokerUp() != null) {
            families.add(single(BROKER_UP, "1 when the exporter reached the broker, 0 when it did not.", null,
                    state.brokerUp() ? 1 : 0));
        }
        if (state.storeFreeBytes() != null) {
            families.add(single(STORE_FREE, "Free bytes of the file system holding the backup store.", Unit.BYTES,
                    state.storeFreeBytes()));
        }
        if (state.storeSizeBytes() != null) {
            families.add(single(STORE_SIZE, "Size of the file system holding the backup store.", Unit.BYTES,
                    state.storeSizeBytes()));
        }
        return new MetricSnapshots(families);
    }

    private static Labels setLabels(SetMetrics set) {
        return Labels.of("host", set.host(), "set", set.backupSet());
    }

    private static GaugeDataPointSnapshot point(double value, Labels labels) {
        return GaugeDataPointSnapshot.builder().value(value).labels(labels).build();
    }

    private static GaugeSnapshot single(String name, String help, Unit unit, double value) {
        GaugeSnapshot.Builder family = GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(point(value, Labels.EMPTY));
        if (unit != null) {
            family.unit(unit);
        }
        return family.build();
    }

    private static Double seconds(Instant time) {
        return time == null ? null : time.toEpochMilli() / 1000.0;
    }
}
