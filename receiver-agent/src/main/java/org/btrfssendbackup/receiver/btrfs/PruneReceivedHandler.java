package org.btrfssendbackup.receiver.btrfs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.btrfssendbackup.core.chain.RestorePoint;
import org.btrfssendbackup.core.layout.SetLock;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.protocol.ReceiverCommand;
import org.btrfssendbackup.core.retention.ChainMode;
import org.btrfssendbackup.core.retention.KeepReason;
import org.btrfssendbackup.core.retention.KeptPoint;
import org.btrfssendbackup.core.retention.RetentionPlan;
import org.btrfssendbackup.core.retention.RetentionPlanner;
import org.btrfssendbackup.core.retention.RetentionPolicy;

/**
 * prune-received: the shared retention planner over one set's received snapshots, with
 * backup-srv's own KEEP_* (never the producer's: a compromised prod-srv must not be able to
 * evict history). Received snapshots are complete in themselves
 * ({@link ChainMode#INDEPENDENT_SNAPSHOTS}); the latest is always kept, as the next parent.
 * Anything that is not a received snapshot is left alone and reported.
 */
public final class PruneReceivedHandler {

    private final ReceivedVolume volume;
    private final RetentionPolicy policy;

    public PruneReceivedHandler(ReceivedVolume volume, RetentionPolicy policy) {
        this.volume = volume;
        this.policy = policy;
    }

    /**
     * @param onDeleted told of each deletion right after it happened (name, path)
     */
    public PruneReceivedResult prune(ReceiverCommand.PruneReceived cmd, BiConsumer<SnapshotName, Path> onDeleted)
            throws IOException {
        String what = "prune-received " + cmd.set();
        Path setDir = volume.setDirectory("prune-received", cmd.set().value());
        try (SetLock lock = ReceiveHandler.lockReceivedSet(setDir,
                what + ": a receive into this set is in progress")) {
            ReceivedSnapshots.Scan scan = volume.catalog().scan(setDir);
            Map<String, ReceivedSnapshot> byName = new TreeMap<>();
            List<RestorePoint> points = new ArrayList<>();
            for (ReceivedSnapshot snapshot : scan.complete()) {
                byName.put(snapshot.name().value(), snapshot);
                points.add(RestorePoint.snapshot(snapshot.name().value(), snapshot.name().time()));
            }
            RetentionPlan plan = RetentionPlanner.plan(points, policy, Set.of(), ChainMode.INDEPENDENT_SNAPSHOTS);
            List<String> deleted = new ArrayList<>();
            for (RestorePoint point : plan.delete()) {
                ReceivedSnapshot snapshot = byName.get(point.name());
                volume.btrfs().deleteSubvolume(snapshot.path());
                deleted.add(point.name());
                onDeleted.accept(snapshot.name(), snapshot.path());
            }
            Map<String, String> kept = new TreeMap<>();
            for (KeptPoint point : plan.keep()) {
                kept.put(point.name(), point.reasons().stream().map(KeepReason::toString)
                        .collect(Collectors.joining(" ")));
            }
            return new PruneReceivedResult(cmd.set(), new TreeMap<>(kept), deleted, scan.ignored());
        }
    }
}
