package org.btrfssendbackup.ops.restore;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.btrfssendbackup.core.layout.BackupSetName;

/**
 * A finished restore.
 *
 * @param snapshot     the snapshot restored (the chain's last link)
 * @param restoredPath its read-only subvolume in the target directory
 * @param links        every link of the chain, full first
 * @param warnings     problems that did not stop the restore (unreadable manifests, unchecked files)
 */
public record RestoreResult(BackupSetName set, String snapshot, Path restoredPath, List<LinkOutcome> links,
                            List<String> warnings) {

    public RestoreResult {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(restoredPath, "restoredPath");
        links = List.copyOf(links);
        warnings = List.copyOf(warnings);
    }

    public long receivedCount() {
        return links.stream().filter(l -> l.status() == LinkOutcome.Status.RECEIVED).count();
    }
}
