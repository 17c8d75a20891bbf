package org.btrfssendbackup.ops.year;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.btrfssendbackup.core.retention.ChainMode;
import org.btrfssendbackup.core.retention.RetentionPlan;
import org.btrfssendbackup.core.retention.RetentionPlanner;
import org.btrfssendbackup.core.retention.RetentionPolicy;

/**
 * What retention should have left, planned ONCE over everything the producer ever produced
 * (names, kinds, parents from its StreamSent reports), never from what is on disk. The system
 * prunes after every upload; planning once must give the same set, since the policy counts
 * periods from the points themselves and only ever lets old periods go.
 */
final class ExpectedRetention {

    private ExpectedRetention() {
    }

    /** The stored streams backup-srv's KEEP_* keeps: selected points and every ancestor they need. */
    static RetentionPlan streams(List<CompletedRun> history, RetentionPolicy keep) {
        return RetentionPlanner.plan(history.stream().map(CompletedRun::streamPoint).toList(), keep, Set.of(),
                ChainMode.STREAM_CHAINS);
    }

    /** The local snapshots LOCAL_KEEP_* keeps; the last sent one (STATE_FILE's, the next parent) always. */
    static RetentionPlan localSnapshots(List<CompletedRun> history, RetentionPolicy localKeep) {
        Set<String> lastSent = history.isEmpty() ? Set.of() : Set.of(history.get(history.size() - 1).snapshot());
        return RetentionPlanner.plan(history.stream().map(CompletedRun::snapshotPoint).toList(), localKeep, lastSent,
                ChainMode.INDEPENDENT_SNAPSHOTS);
    }

    /** "missing [..] unexpected [..]" between an expected and an actual name set; empty when equal. */
    static String difference(List<String> expected, List<String> actual) {
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        Set<String> unexpected = new TreeSet<>(actual);
        unexpected.removeAll(expected);
        if (missing.isEmpty() && unexpected.isEmpty()) {
            return "";
        }
        return "missing " + missing + ", unexpected " + unexpected;
    }
}
