package org.btrfssendbackup.producer.retention;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.btrfssendbackup.core.chain.RestorePoint;
import org.btrfssendbackup.core.retention.RetentionPlan;
import org.btrfssendbackup.core.retention.RetentionPolicy;
import org.btrfssendbackup.core.tools.Btrfs;
import org.btrfssendbackup.messages.event.PruneTarget;
import org.btrfssendbackup.messages.event.SnapshotPruned;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LOCAL_KEEP_* on prod-srv after a confirmed upload (issue 4): plans with
 * {@link LocalSnapshots} over the subvolumes in SNAPSHOT_DIR and deletes what the plan says,
 * never a protected name (the snapshot STATE_FILE names, one being sent).
 */
public record LocalRetention(Btrfs btrfs, Path snapshotDir, String prefix, RetentionPolicy policy) {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRetention.class);

    public RetentionPlan plan(Set<String> protectedNames) {
        List<String> names = btrfs.listSnapshots(snapshotDir).stream()
                .map(p -> p.getFileName().toString()).toList();
        return LocalSnapshots.plan(names, prefix, policy, protectedNames);
    }

    /** Deletes what the plan says; each deletion is reported to {@code pruned} as it happens. */
    public List<SnapshotPruned> apply(Set<String> protectedNames, Consumer<SnapshotPruned> pruned) {
        RetentionPlan plan = plan(protectedNames);
        plan.describe().forEach(line -> LOG.debug("local retention: {}", line));
        List<SnapshotPruned> done = new ArrayList<>();
        for (RestorePoint point : plan.delete()) {
            if (protectedNames.contains(point.name()) || !point.name().startsWith(prefix + "-")) {
                throw new IllegalStateException("local retention: refusing to delete " + point.name()
                        + " (protected or not ours): planner bug");
            }
            Path subvolume = snapshotDir.resolve(point.name());
            btrfs.deleteSubvolume(subvolume);
            SnapshotPruned event = new SnapshotPruned(point.name(), PruneTarget.LOCAL_SNAPSHOTS, subvolume.toString(), false);
            LOG.info("local retention: deleted {}", subvolume);
            done.add(event);
            pruned.accept(event);
        }
        return done;
    }
}
