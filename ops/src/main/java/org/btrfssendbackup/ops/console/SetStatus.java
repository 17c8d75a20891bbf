package org.btrfssendbackup.ops.console;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.btrfssendbackup.core.metrics.SetHealth;

/**
 * The status of one backup set.
 *
 * @param backupSet   the set
 * @param verdict     OK, STALE, FAILING or CORRUPT (the one verdict type of the metrics and the alert hook)
 * @param explanation why, in one line
 * @param lastSuccess time of the newest BackupCompleted, or null
 * @param age         how long ago that was, or null
 * @param lastFailure time of the newest StepFailed or dead letter of the set, or null
 * @param lastByType  newest time of each event type seen for the set, by type name
 * @param lastBackup  what the newest BackupCompleted stored (snapshot, kind, size, duration), or null
 * @param keptAtLastPrune stored streams the set's newest prune pass kept, from its PruneCompleted; null without one
 * @param damage      the newest StreamCorrupt of the set, or null
 */
public record SetStatus(String backupSet, SetHealth verdict, String explanation, Instant lastSuccess, Duration age,
                        Instant lastFailure, SortedMap<String, Instant> lastByType, LastBackup lastBackup,
                        Integer keptAtLastPrune, Damage damage) {

    /**
     * A damaged stored stream, as its StreamCorrupt says.
     *
     * @param file               the stream file relative to BACKUP_ROOT
     * @param problem            what the check found
     * @param reportedAt         when the check reported it
     * @param unrestorablePoints the restore points it takes down, oldest first
     * @param pending            true while no full backup completed after it (the set is CORRUPT)
     */
    public record Damage(String file, String problem, Instant reportedAt, List<String> unrestorablePoints,
                         boolean pending) {
        public Damage {
            Objects.requireNonNull(file, "damage: file");
            Objects.requireNonNull(problem, "damage " + file + ": problem");
            Objects.requireNonNull(reportedAt, "damage " + file + ": reportedAt");
            unrestorablePoints = List.copyOf(unrestorablePoints);
        }

        Map<String, Object> jsonFields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("file", file);
            fields.put("problem", problem);
            fields.put("reportedAt", reportedAt);
            fields.put("unrestorablePoints", unrestorablePoints);
            fields.put("pending", pending);
            return fields;
        }
    }

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
        fields.put("damage", damage == null ? null : damage.jsonFields());
        return fields;
    }
}
