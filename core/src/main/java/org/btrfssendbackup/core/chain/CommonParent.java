package org.btrfssendbackup.core.chain;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * remote-btrfs: the parent for the next incremental receive is the newest snapshot that both
 * prod-srv and backup-srv hold (matched by name); none means a full send.
 */
public final class CommonParent {

    private CommonParent() {
    }

    /**
     * @param local         the local snapshots (their times decide which is newest)
     * @param receivedNames the snapshot names already received on backup-srv
     * @return the newest local snapshot also received, by time then name; empty → send full
     */
    public static Optional<RestorePoint> newestShared(Collection<RestorePoint> local,
                                                      Set<String> receivedNames) {
        return local.stream()
                .filter(point -> receivedNames.contains(point.name()))
                .max(RestorePoint.BY_TIME);
    }
}
