package org.btrfssendbackup.ops.console;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code status} adds when it runs where the store is (backup-srv): the stored streams per
 * set with a readable manifest (through {@link StoredRestorePoints}, the one store reader) and
 * the store's free space.
 *
 * @param restorePoints stored streams with a readable manifest, by set
 */
public record StoreFacts(Path backupRoot, long freeBytes, long totalBytes, Map<String, Integer> restorePoints) {

    public StoreFacts {
        restorePoints = Collections.unmodifiableMap(new TreeMap<>(restorePoints));
    }

    public static StoreFacts read(Path backupRoot) throws IOException {
        Map<String, Integer> points = new TreeMap<>();
        for (RestorePointRow row : StoredRestorePoints.read(backupRoot).rows()) {
            points.merge(row.set(), row.kind().equals("?") ? 0 : 1, Integer::sum);
        }
        FileStore store = Files.getFileStore(backupRoot);
        return new StoreFacts(backupRoot, store.getUsableSpace(), store.getTotalSpace(), points);
    }

    /** "/mnt/sdb1/btrfs-send-backups: 120.3 GiB free of 1.8 TiB (93% used)" */
    public String line() {
        long usedPercent = totalBytes == 0 ? 0 : Math.round(100.0 * (totalBytes - freeBytes) / totalBytes);
        return "store " + backupRoot + ": " + PayloadSummary.bytes(freeBytes) + " free of "
                + PayloadSummary.bytes(totalBytes) + " (" + usedPercent + "% used)";
    }

    public Map<String, Object> jsonFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("backupRoot", backupRoot.toString());
        fields.put("freeBytes", freeBytes);
        fields.put("totalBytes", totalBytes);
        fields.put("restorePoints", restorePoints);
        return fields;
    }
}
