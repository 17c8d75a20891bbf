package org.btrfssendbackup.pruner;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.btrfssendbackup.core.metrics.MetricsState;
import org.btrfssendbackup.core.metrics.SetMetrics;
import org.btrfssendbackup.core.metrics.Textfile;
import org.btrfssendbackup.core.retention.UnrestorablePoint;

/**
 * What the pruner exports about a set after a prune: its restore points and damaged streams, and
 * the store's free space. The runs (last success, verdict) are the producer's to export.
 *
 * <p>The {@code host} label is the set's first name component (prod-srv/rootfs is prod-srv's, as
 * the seed names sets): backup-srv does not otherwise know which producer a set belongs to.
 */
public final class PruneMetrics {

    private PruneMetrics() {
    }

    /** The textfile's name in TEXTFILE_DIR (without .prom): one per set, as cron prunes one set per line. */
    public static String textfileName(PruneResult result) {
        return "btrfs-backup-prune." + Textfile.namePart(result.set().value());
    }

    public static MetricsState of(PruneResult result, long storeFreeBytes, long storeSizeBytes) {
        return MetricsState.ofSets(List.of(setMetrics(result))).withStore(storeFreeBytes, storeSizeBytes);
    }

    /** The set's restore points (restorable ones only) and damaged streams after the prune. */
    public static SetMetrics setMetrics(PruneResult result) {
        int restorable = result.plan().keep().size() - result.plan().unrestorable().size();
        return new SetMetrics(result.set().components().get(0), result.set().value(), null, null, null, null, null,
                restorable, damaged(result).size());
    }

    /**
     * The stored streams known damaged: those this pass's check found, and those whose own link is
     * what breaks their chain (an earlier check failed, or the manifest is missing).
     */
    static Set<String> damaged(PruneResult result) {
        Set<String> names = new TreeSet<>();
        result.corrupt().forEach(c -> names.add(c.snapshot()));
        for (UnrestorablePoint point : result.plan().unrestorable()) {
            if (point.cause().startsWith("link " + point.name() + " is damaged")) {
                names.add(point.name());
            }
        }
        return names;
    }
}
