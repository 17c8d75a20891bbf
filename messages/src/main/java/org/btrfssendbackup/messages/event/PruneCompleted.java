package org.btrfssendbackup.messages.event;

import java.util.Map;
import java.util.SortedMap;

/**
 * One prune pass over a set finished. Carries the reason every kept item was kept
 * (design.md §6), so "why is this old backup still here?" is answered from the audit trail.
 *
 * @param target         what was pruned
 * @param kept           how many items were kept
 * @param deleted        how many were deleted (or would be, in a dry run)
 * @param bytesFreed     bytes freed by the deletions (0 for snapshots where unknown)
 * @param keptReasons    kept item name to reason ("latest", "daily 2024-05-01", "ancestor of ...")
 * @param dryRun         nothing was actually deleted
 * @param durationMillis wall time of the pass
 */
public record PruneCompleted(PruneTarget target, int kept, int deleted, long bytesFreed, SortedMap<String, String> keptReasons,
                             boolean dryRun, long durationMillis) implements EventPayload {
    public PruneCompleted {
        Require.notNull(target, "PruneCompleted.target");
        Require.nonNegative(kept, "PruneCompleted.kept");
        Require.nonNegative(deleted, "PruneCompleted.deleted");
        Require.nonNegative(bytesFreed, "PruneCompleted.bytesFreed");
        keptReasons = Require.sortedMap(keptReasons, "PruneCompleted.keptReasons");
        if (keptReasons.size() != kept) {
            throw new InvalidFieldException("PruneCompleted.keptReasons", "has " + keptReasons.size()
                    + " entries but kept is " + kept + ": every kept item needs a reason");
        }
        Require.nonNegative(durationMillis, "PruneCompleted.durationMillis");
    }

    /** Convenience for callers holding an unsorted map. */
    public static PruneCompleted of(PruneTarget target, int deleted, long bytesFreed, Map<String, String> keptReasons,
                                    boolean dryRun, long durationMillis) {
        SortedMap<String, String> sorted = Require.sortedMap(keptReasons, "PruneCompleted.keptReasons");
        return new PruneCompleted(target, sorted.size(), deleted, bytesFreed, sorted, dryRun, durationMillis);
    }
}
