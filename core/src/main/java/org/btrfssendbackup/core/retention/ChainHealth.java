package org.btrfssendbackup.core.retention;

import org.btrfssendbackup.core.chain.RestorePoint;

/** Which points cannot reach a full by following stored parents; linear, memoized. */
final class ChainHealth {

    private static final byte UNKNOWN = 0;
    private static final byte ON_PATH = 1;
    private static final byte WHOLE = 2;
    private static final byte BROKEN = 3;

    private ChainHealth() {
    }

    /**
     * @param parent the sorted index of each point's parent; -1 for a full or a missing parent
     * @return true at each index whose chain is broken (missing parent or cycle)
     */
    static boolean[] orphans(RestorePoint[] sorted, int[] parent) {
        byte[] state = new byte[sorted.length];
        int[] path = new int[sorted.length];
        for (int start = 0; start < sorted.length; start++) {
            int length = 0;
            byte outcome;
            int current = start;
            while (true) {
                if (state[current] == WHOLE || state[current] == BROKEN) {
                    outcome = state[current];
                    break;
                }
                if (state[current] == ON_PATH) {
                    outcome = BROKEN; // a cycle never reaches a full
                    break;
                }
                state[current] = ON_PATH;
                path[length++] = current;
                if (sorted[current].isFull()) {
                    outcome = WHOLE;
                    break;
                }
                if (parent[current] < 0) {
                    outcome = BROKEN;
                    break;
                }
                current = parent[current];
            }
            for (int k = 0; k < length; k++) {
                state[path[k]] = outcome;
            }
        }
        boolean[] orphan = new boolean[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            orphan[i] = state[i] == BROKEN;
        }
        return orphan;
    }
}
