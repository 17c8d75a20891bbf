package org.btrfssendbackup.producer.retention;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.btrfssendbackup.core.chain.RestorePoint;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.retention.ChainMode;
import org.btrfssendbackup.core.retention.RetentionPlan;
import org.btrfssendbackup.core.retention.RetentionPlanner;
import org.btrfssendbackup.core.retention.RetentionPolicy;

/**
 * The pure part of local retention: which entries of SNAPSHOT_DIR are ours (named exactly
 * SNAPSHOT_PREFIX-YYYYmmddTHHMMSSZ) and what LOCAL_KEEP_* does with them. Anything else in the
 * directory is not a restore point and is never planned, so it can never be deleted.
 */
public final class LocalSnapshots {

    private LocalSnapshots() {
    }

    /** Our snapshots among {@code entryNames}; foreign names (other prefixes, other files) are dropped. */
    public static List<RestorePoint> ours(Collection<String> entryNames, String prefix) {
        List<RestorePoint> points = new ArrayList<>();
        for (String name : entryNames) {
            try {
                SnapshotName parsed = SnapshotName.parse(name);
                if (parsed.prefix().equals(prefix) && parsed.value().equals(name)) {
                    points.add(RestorePoint.snapshot(name, parsed.time()));
                }
            } catch (IllegalArgumentException notOurs) {
                // not a snapshot name at all
            }
        }
        return points;
    }

    public static RetentionPlan plan(Collection<String> entryNames, String prefix, RetentionPolicy policy,
                                     Set<String> protectedNames) {
        return RetentionPlanner.plan(ours(entryNames, prefix), policy, protectedNames, ChainMode.INDEPENDENT_SNAPSHOTS);
    }
}
