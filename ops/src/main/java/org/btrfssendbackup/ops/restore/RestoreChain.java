package org.btrfssendbackup.ops.restore;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.btrfssendbackup.core.chain.BrokenChainException;
import org.btrfssendbackup.core.chain.RestoreChainPlanner;
import org.btrfssendbackup.core.chain.RestorePoint;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.manifest.Manifest;

/** The manifests to apply, full first, to restore one snapshot: core's planner on manifests. */
public final class RestoreChain {

    private RestoreChain() {
    }

    public static RestorePoint point(Manifest m) {
        return new RestorePoint(m.snapshot().value(), m.snapshot().time(), m.kind(),
                m.parent().map(Object::toString).orElse(null));
    }

    /**
     * @param snapshot the snapshot to restore; empty means the newest stored
     * @throws RestoreException naming the missing link (and which snapshot needs it)
     */
    public static List<Manifest> plan(BackupSetName set, List<Manifest> manifests, Optional<String> snapshot)
            throws RestoreException {
        Map<String, Manifest> byName = manifests.stream()
                .collect(Collectors.toMap(m -> m.snapshot().value(), Function.identity(), (a, b) -> {
                    throw new IllegalArgumentException("two manifests for " + a.snapshot());
                }));
        List<RestorePoint> points = manifests.stream().map(RestoreChain::point).toList();
        try {
            List<RestorePoint> chain = snapshot.isPresent()
                    ? RestoreChainPlanner.chainTo(points, snapshot.get())
                    : RestoreChainPlanner.chainToNewest(points);
            return chain.stream().map(p -> byName.get(p.name())).toList();
        } catch (BrokenChainException e) {
            throw new RestoreException(switch (e.problem()) {
                case EMPTY_SET -> "restore " + set + ": no manifest found, nothing to restore";
                case TARGET_NOT_FOUND -> "restore " + set + ": snapshot " + e.missingName()
                        + " is not stored (no manifest for it)";
                case MISSING_LINK -> "restore " + set + ": missing link: " + e.getMessage().replaceFirst("^plan restore chain to \\S+: ", "")
                        + "; the chain cannot be restored past it";
                case CYCLE -> "restore " + set + ": " + e.getMessage();
            }, e);
        }
    }
}
