package org.btrfssendbackup.core.retention;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Collection;
import org.btrfssendbackup.core.chain.RestorePoint;

/**
 * Which stored points can be restored, for callers that are not planning retention (the
 * receiver deciding whether an incremental may chain on a parent, verify, status). The same rule
 * as {@link RetentionPlanner}: restorable when following stored parents reaches a full and no
 * link on the way is damaged.
 */
public final class ChainIntegrity {

    private ChainIntegrity() {
    }

    /**
     * @param points  every stored point of one set
     * @param damaged names of points that cannot serve as a link, with why
     * @return each unrestorable point's name with the first problem on its chain, oldest first;
     *         a name absent from the map is restorable
     */
    public static Map<String, String> unrestorable(Collection<RestorePoint> points, Map<String, String> damaged) {
        Objects.requireNonNull(damaged, "chain integrity: damaged links");
        RestorePoint[] sorted = points.toArray(RestorePoint[]::new);
        Arrays.sort(sorted, RestorePoint.BY_TIME);
        Map<String, Integer> indexByName = new HashMap<>(sorted.length * 2);
        for (int i = 0; i < sorted.length; i++) {
            indexByName.put(sorted[i].name(), i);
        }
        int[] parent = new int[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            parent[i] = sorted[i].isFull() ? -1 : indexByName.getOrDefault(sorted[i].parent(), -1);
        }
        String[] causes = ChainHealth.brokenCauses(sorted, parent, damaged);
        Map<String, String> broken = new LinkedHashMap<>();
        for (int i = 0; i < sorted.length; i++) {
            if (causes[i] != null) {
                broken.put(sorted[i].name(), causes[i]);
            }
        }
        return broken;
    }
}
