package org.btrfssendbackup.core.chain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which stream files, in which order, restore one snapshot: the full first, then each
 * incremental after its parent. Pure: the caller lists the stored points.
 */
public final class RestoreChainPlanner {

    private RestoreChainPlanner() {
    }

    /** The chain to the newest stored point (by time, then name). */
    public static List<RestorePoint> chainToNewest(Collection<RestorePoint> stored) {
        RestorePoint newest = stored.stream().max(RestorePoint.BY_TIME).orElseThrow(
                () -> new BrokenChainException(BrokenChainException.Problem.EMPTY_SET, null,
                        "plan restore chain: the backup set holds no stream file"));
        return chainTo(stored, newest.name());
    }

    /**
     * The ordered chain full, incremental, ..., target.
     *
     * @throws BrokenChainException when the target is not stored, a parent is missing, or
     *                              the parents form a cycle
     * @throws IllegalArgumentException when two stored points share a name
     */
    public static List<RestorePoint> chainTo(Collection<RestorePoint> stored, String target) {
        Map<String, RestorePoint> byName = indexByName(stored);
        RestorePoint current = byName.get(target);
        if (current == null) {
            throw new BrokenChainException(BrokenChainException.Problem.TARGET_NOT_FOUND, target,
                    "plan restore chain to " + target + ": no stream file for that snapshot is stored");
        }
        List<RestorePoint> chain = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (true) {
            if (!seen.add(current.name())) {
                throw new BrokenChainException(BrokenChainException.Problem.CYCLE, current.name(),
                        "plan restore chain to " + target + ": parents form a cycle at "
                                + current.name());
            }
            chain.add(current);
            if (current.isFull()) {
                break;
            }
            RestorePoint parent = byName.get(current.parent());
            if (parent == null) {
                throw new BrokenChainException(BrokenChainException.Problem.MISSING_LINK,
                        current.parent(), "plan restore chain to " + target + ": parent "
                                + current.parent() + " of " + current.name() + " is not stored");
            }
            current = parent;
        }
        Collections.reverse(chain);
        return List.copyOf(chain);
    }

    /** Index by name, refusing duplicates: a name must identify exactly one stream. */
    public static Map<String, RestorePoint> indexByName(Collection<RestorePoint> points) {
        Map<String, RestorePoint> byName = new HashMap<>(points.size() * 2);
        for (RestorePoint point : points) {
            if (byName.putIfAbsent(point.name(), point) != null) {
                throw new IllegalArgumentException(
                        "index restore points: the name " + point.name() + " occurs twice");
            }
        }
        return byName;
    }
}
