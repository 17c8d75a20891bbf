package org.btrfssendbackup.messages.event;

import java.util.List;

/**
 * A check on backup-srv (the scrub, or the pruner's check before it deletes) found a stored
 * stream that no longer matches its manifest, or that cannot serve as a link (no manifest).
 * Every restore point whose chain runs through it is unrestorable until an operator acts; the
 * producer's next run sends a full (the receiver refuses incrementals on a broken chain).
 *
 * @param snapshot          the damaged stream's snapshot name
 * @param file              the stream file relative to BACKUP_ROOT
 * @param problem           what the check found, e.g. "sha256 differs from the manifest"
 * @param expectedSha256    the manifest's sha256; null when the manifest has none or is missing
 * @param actualSha256      the sha256 of the stored bytes; null when the file could not be read whole
 * @param unrestorablePoints the snapshots whose restore chain needs this stream (itself included), oldest first
 */
public record StreamCorrupt(String snapshot, String file, String problem, String expectedSha256, String actualSha256,
                            List<String> unrestorablePoints) implements EventPayload {
    public StreamCorrupt {
        Require.matches(snapshot, Require.SNAPSHOT_NAME, "StreamCorrupt.snapshot");
        Require.notBlank(file, "StreamCorrupt.file");
        if (file.startsWith("/") || file.contains("..")) {
            throw new InvalidFieldException("StreamCorrupt.file", "must be relative to BACKUP_ROOT without '..'");
        }
        problem = Require.truncated(Require.notBlank(problem, "StreamCorrupt.problem"));
        Require.matchesOrNull(expectedSha256, Require.SHA256, "StreamCorrupt.expectedSha256");
        Require.matchesOrNull(actualSha256, Require.SHA256, "StreamCorrupt.actualSha256");
        unrestorablePoints = Require.list(unrestorablePoints, "StreamCorrupt.unrestorablePoints");
        unrestorablePoints.forEach(p -> Require.matches(p, Require.SNAPSHOT_NAME, "StreamCorrupt.unrestorablePoints"));
        if (!unrestorablePoints.contains(snapshot)) {
            throw new InvalidFieldException("StreamCorrupt.unrestorablePoints", "must include the damaged snapshot itself");
        }
    }
}
