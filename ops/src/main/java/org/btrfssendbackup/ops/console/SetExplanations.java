package org.btrfssendbackup.ops.console;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.btrfssendbackup.core.chain.RestorePoint;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.retention.RetentionPlan;
import org.btrfssendbackup.core.retention.RetentionPolicy;
import org.btrfssendbackup.pruner.Pruner;
import org.btrfssendbackup.pruner.StoredSet;
import org.btrfssendbackup.pruner.StoredSetScanner;
import org.btrfssendbackup.pruner.StoredStream;

/**
 * Reads one set as the pruner sees it (its scanner: manifests, check records, protected names)
 * and explains each point with the pruner's own plan ({@link Pruner#plan(StoredSet, RetentionPolicy)}),
 * for the web console's set page and {@code list --why}. Only reads.
 */
public final class SetExplanations {

    private SetExplanations() {
    }

    /** @param policy backup-srv's KEEP_*; empty: no reasons, damage and chains only */
    public static Map<String, RestorePointExplanation> read(Path backupRoot, BackupSetName set,
                                                            Optional<RetentionPolicy> policy, Instant now)
            throws IOException {
        StoredSet stored = StoredSetScanner.scan(new StoreLayout(backupRoot), set, now);
        List<RestorePoint> points = stored.streams().stream().map(StoredStream::point).toList();
        Optional<RetentionPlan> plan = policy.map(p -> Pruner.plan(stored, p));
        return RestorePointExplanation.explain(points, stored.damaged(), plan);
    }
}
