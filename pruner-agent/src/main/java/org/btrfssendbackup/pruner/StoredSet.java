package org.btrfssendbackup.pruner;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.btrfssendbackup.core.layout.BackupSetName;

/**
 * What one set's directory holds, as far as retention is concerned.
 *
 * @param set       the set
 * @param streams   the stream files the planner sees, oldest first
 * @param protect   names the planner must keep because a stream it cannot fully see (an
 *                  incremental without a readable manifest) may depend on them
 * @param warnings  everything left alone and worth an operator's look
 */
public record StoredSet(BackupSetName set, List<StoredStream> streams, Set<String> protect,
                        List<PruneWarning> warnings) {

    public StoredSet {
        Objects.requireNonNull(set, "stored set: set");
        streams = List.copyOf(streams);
        protect = Set.copyOf(protect);
        warnings = List.copyOf(warnings);
    }
}
