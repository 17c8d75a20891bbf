package org.btrfssendbackup.receiver.btrfs;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.protocol.PruneReceivedReply;

/**
 * What prune-received did to one set.
 *
 * @param keptReasons kept snapshot name to its keep reasons ("LATEST DAILY(2026-02-01)")
 * @param deleted     deleted snapshot names, oldest first
 * @param ignored     entries that are not received snapshots, left alone
 */
public record PruneReceivedResult(BackupSetName set, SortedMap<String, String> keptReasons, List<String> deleted,
                                  List<String> ignored) {

    public PruneReceivedResult {
        Objects.requireNonNull(set, "set");
        keptReasons = new TreeMap<>(Map.copyOf(keptReasons));
        deleted = List.copyOf(deleted);
        ignored = List.copyOf(ignored);
    }

    /** What the producer reads: the kept count and the names. */
    public PruneReceivedReply reply() {
        return new PruneReceivedReply(keptReasons.size(), deleted, ignored);
    }
}
