package org.btrfssendbackup.ops.console;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The status of one backup set.
 *
 * @param backupSet   the set
 * @param verdict     OK, STALE or FAILING
 * @param explanation why, in one line
 * @param lastSuccess time of the newest BackupCompleted, or null
 * @param age         how long ago that was, or null
 * @param lastFailure time of the newest StepFailed or dead letter of the set, or null
 * @param lastByType  newest time of each event type seen for the set, by type name
 * @param lastBackup  what the newest BackupCompleted stored (snapshot, kind, size, duration), or null
 * @param keptAtLastPrune stored streams the set's newest prune pass kept, from its PruneCompleted; null without one
 */
public record SetStatus(String backupSet, Verdict verdict, String explanation, Instant lastSuccess, Duration age,
                        Instant lastFailure, SortedMap<String, Instant> lastByType, LastBackup lastBackup,
                        Integer keptAtLastPrune) {

    /** The snapshot the last successful run stored, as its BackupCompleted says. */
    public record LastBackup(String snapshot, String kind, long bytes, long durationMillis) {
        public LastBackup {
            Objects.requireNonNull(snapshot, "last backup: snapshot");
            Objects.requireNonNull(kind, "last backup: kind");
        }
    }

    public SetStatus {
        Objects.requireNonNull(backupSet, "set status: backupSet");
        Objects.requireNonNull(verdict, "set status " + backupSet + ": verdict");
        Objects.requireNonNull(explanation, "set status " + backupSet + ": explanation");
        if ((lastSuccess == null) != (age == null)) {
            throw new IllegalArgumentException("set status " + backupSet + ": last success and age go together");
        }
        lastByType = Collections.unmodifiableSortedMap(new TreeMap<>(lastByType));
    }

    /** The fields for --json output. */
    public Map<String, Object> jsonFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("backupSet", backupSet);
        fields.put("verdict", verdict.name());
        fields.put("explanation", explanation);
        fields.put("lastSuccess", lastSuccess);
        fields.put("ageSeconds", age == null ? null : age.toSeconds());
        fields.put("lastFailure", lastFailure);
        fields.put("lastByType", lastByType);
        fields.put("lastBackup", lastBackup == null ? null : Map.of("snapshot", lastBackup.snapshot(),
                "kind", lastBackup.kind(), "bytes", lastBackup.bytes(), "durationMillis", lastBackup.durationMillis()));
        fields.put("keptAtLastPrune", keptAtLastPrune);
        return fields;
    }
}
