package org.btrfssendbackup.producer.monitor;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.core.metrics.MetricsState;
import org.btrfssendbackup.core.metrics.RunHistory;
import org.btrfssendbackup.core.metrics.SetMetrics;
import org.btrfssendbackup.core.metrics.Textfile;

/**
 * What the producer exports: per set its run history (last success, its duration and bytes, the
 * last run, the verdict); the store's facts (restore points, corrupt streams, free space) are
 * backup-srv's and come from the pruner.
 */
public final class ProducerMetrics {

    /** The textfile's name in TEXTFILE_DIR (without .prom). */
    public static final String TEXTFILE_NAME = "btrfs-send-backup";

    private ProducerMetrics() {
    }

    /**
     * @param sets    every backup set's config (not only the ones that ran: a set must not vanish from
     *                the metrics because one run named another)
     * @param warning told about a history file that cannot be read; that set is then left out
     */
    public static MetricsState of(List<ProducerConfig> sets, String host, Instant now, Consumer<String> warning) {
        List<SetMetrics> metrics = new ArrayList<>();
        for (ProducerConfig set : sets) {
            RunHistory history;
            try {
                history = HistoryFile.read(HistoryFile.of(set));
            } catch (IOException e) {
                warning.accept("metrics of backup set " + set.backupSet() + " left out: " + e.getMessage());
                continue;
            }
            metrics.add(history.metrics(host, set.backupSet(), now, set.monitor().staleAfter()));
        }
        return MetricsState.ofSets(metrics);
    }

    /**
     * TEXTFILE_DIR/btrfs-send-backup.prom with every set, when TEXTFILE_DIR is set (prod.conf's, the
     * whole run's key); a failure to write it is a warning: the caller's exit status stands.
     */
    public static void writeTextfile(List<ProducerConfig> sets, String host, Instant now, Consumer<String> warning) {
        sets.get(0).monitor().textfileDir().ifPresent(dir -> {
            try {
                Textfile.write(dir, TEXTFILE_NAME, of(sets, host, now, warning));
            } catch (IOException | RuntimeException e) {
                warning.accept(e.getMessage());
            }
        });
    }
}
