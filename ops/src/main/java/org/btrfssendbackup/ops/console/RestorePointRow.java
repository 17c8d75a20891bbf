package org.btrfssendbackup.ops.console;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One stored stream as {@code list} shows it, like a line of {@code btrbk list}: whose, which
 * set, the snapshot, full or incremental and on what, its size and when it was taken.
 *
 * @param host     the producer's host: the manifest's producer_host, else the set's first
 *                 component when the set has several (HOST/SUBVOL, as the seed names sets), else "-"
 * @param parent   the parent snapshot of an incremental; null for a full
 * @param bytes    the stored stream's size by its manifest; null when the manifest has none
 */
public record RestorePointRow(String host, String set, String snapshot, String kind, String parent, Long bytes,
                              Instant time) {
    public RestorePointRow {
        Objects.requireNonNull(host, "restore point: host");
        Objects.requireNonNull(set, "restore point: set");
        Objects.requireNonNull(snapshot, "restore point: snapshot");
        Objects.requireNonNull(kind, "restore point: kind");
        Objects.requireNonNull(time, "restore point: time");
    }

    /** The fields of {@code list --json}, in column order. */
    public Map<String, Object> jsonFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("host", host);
        fields.put("set", set);
        fields.put("snapshot", snapshot);
        fields.put("kind", kind);
        fields.put("parent", parent);
        fields.put("bytes", bytes);
        fields.put("time", time.toString());
        return fields;
    }
}
