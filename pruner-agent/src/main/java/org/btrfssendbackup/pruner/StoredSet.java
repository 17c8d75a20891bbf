package org.btrfssendbackup.pruner;

import java.util.List;
import java.util.Map;
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
 * @param damaged   streams that cannot serve as a link, with why: no usable manifest, or a
 *                  failed last check; the planner keeps them and everything that needs them
 * @param warnings  everything left alone and worth an operator's look
 */
public record StoredSet(BackupSetName set, List<StoredStream> streams, Set<String> protect,
                        Map<String, String> damaged, List<PruneWarning> warnings) {

    public StoredSet {
        Objects.requireNonNull(set, "stored set: set");
        streams = List.copyOf(streams);
        protect = Set.copyOf(protect);
        damaged = Map.copyOf(damaged);
        warnings = List.copyOf(warnings);
    }
}
