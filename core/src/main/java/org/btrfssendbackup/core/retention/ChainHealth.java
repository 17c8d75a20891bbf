package org.btrfssendbackup.core.retention;

import java.util.Map;
import org.btrfssendbackup.core.chain.RestorePoint;

/**
 * Which points cannot be restored, and why: a point is restorable when following stored parents
 * reaches a full and no link on the way (the point itself included) is damaged. Linear, memoized.
 */
final class ChainHealth {

    private static final byte UNKNOWN = 0;
    private static final byte ON_PATH = 1;
    private static final byte DONE = 2;

    private ChainHealth() {
    }

    /**
     * @param parent  the sorted index of each point's parent; -1 for a full or a missing parent
     * @param damaged names of points whose own stream cannot serve as a link (failed its last
     *                check, no manifest), with why; names not in the set are ignored
     * @return per sorted index, null when restorable, otherwise the first problem on its chain
     *         (the same text for every point that problem takes down)
     */
    static String[] brokenCauses(RestorePoint[] sorted, int[] parent, Map<String, String> damaged) {
        byte[] state = new byte[sorted.length];
        String[] cause = new String[sorted.length];
        int[] path = new int[sorted.length];
        for (int start = 0; start < sorted.length; start++) {
            int length = 0;
            String outcome;
            int current = start;
            while (true) {
                if (state[current] == DONE) {
                    outcome = cause[current];
                    break;
                }
                if (state[current] == ON_PATH) {
                    outcome = "its chain loops back to " + sorted[current].name(); // a cycle never reaches a full
                    break;
                }
                state[current] = ON_PATH;
                path[length++] = current;
                String why = damaged.get(sorted[current].name());
                if (why != null) {
                    outcome = "link " + sorted[current].name() + " is damaged: " + why;
                    break;
                }
                if (sorted[current].isFull()) {
                    outcome = null;
                    break;
                }
                if (parent[current] < 0) {
                    outcome = "link " + sorted[current].parent() + " (parent of " + sorted[current].name()
                            + ") is not stored";
                    break;
                }
                current = parent[current];
            }
            for (int k = 0; k < length; k++) {
                state[path[k]] = DONE;
                cause[path[k]] = outcome;
            }
        }
        return cause;
    }
}
