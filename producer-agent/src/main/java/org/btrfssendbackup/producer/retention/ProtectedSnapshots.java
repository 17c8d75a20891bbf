package org.btrfssendbackup.producer.retention;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.producer.state.PendingRun;

/**
 * The local snapshots local retention must never delete after a confirmed upload: the one
 * just confirmed and the one STATE_FILE names (the next parent), the snapshot of a pending run
 * (being sent), and the parent that pending run planned (its incremental needs it; without it
 * the run would send a full).
 */
public final class ProtectedSnapshots {

    private ProtectedSnapshots() {
    }

    public static Set<String> afterConfirming(SnapshotName confirmed, Optional<SnapshotName> lastSent,
                                              Optional<PendingRun.Entry> pending) {
        Set<String> names = new TreeSet<>();
        names.add(confirmed.value());
        lastSent.ifPresent(s -> names.add(s.value()));
        pending.ifPresent(p -> {
            names.add(p.snapshot().value());
            p.parent().ifPresent(names::add);
        });
        return names;
    }
}
