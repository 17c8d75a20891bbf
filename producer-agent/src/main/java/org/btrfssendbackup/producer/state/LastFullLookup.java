package org.btrfssendbackup.producer.state;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.protocol.ListReplyLine;

/**
 * When STATE_FILE.last-full is missing (a state file written by the seed), the last full is
 * found on the receiver: walk the stored chain from the last sent snapshot back through its
 * parents to a full. A broken chain answers empty, and the next send is full.
 */
public final class LastFullLookup {

    private LastFullLookup() {
    }

    public static Optional<SnapshotName> lastFullOf(SnapshotName lastSent, List<ListReplyLine.Stream> stored) {
        Map<SnapshotName, ListReplyLine.Stream> byName = new HashMap<>();
        stored.forEach(s -> byName.put(s.snapshot(), s));
        SnapshotName current = lastSent;
        for (int steps = 0; steps <= stored.size(); steps++) { // bounded: a cycle cannot loop forever
            ListReplyLine.Stream s = byName.get(current);
            if (s == null) {
                return Optional.empty();
            }
            if (s.kind() == StreamKind.FULL) {
                return Optional.of(s.snapshot());
            }
            current = s.parent().orElse(null);
            if (current == null) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
