package org.btrfssendbackup.ops.restore;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.BtrfsUuids;
import org.btrfssendbackup.core.manifest.Compression;
import org.btrfssendbackup.core.manifest.Manifest;

/**
 * One line of the receiver's {@code list SET} reply back into a {@link Manifest}; every value
 * is validated again by the records, so a compromised backup-srv cannot smuggle in a path.
 */
final class ManifestJson {

    private ManifestJson() {
    }

    static Manifest parse(JsonNode line) {
        SnapshotName snapshot = SnapshotName.parse(text(line, "snapshot").orElseThrow(
                () -> new IllegalArgumentException("list reply line has no snapshot")));
        StreamKind kind = StreamKind.parse(text(line, "kind").orElse("full"));
        return new Manifest(
                line.path("formatVersion").asInt(0),
                BackupSetName.of(text(line, "set").orElseThrow(() -> new IllegalArgumentException("list reply line has no set"))),
                snapshot,
                kind,
                text(line, "parent").map(SnapshotName::parse),
                text(line, "file").map(StreamFileName::parse).orElse(StreamFileName.of(snapshot, kind)),
                line.hasNonNull("bytes") ? OptionalLong.of(line.get("bytes").asLong()) : OptionalLong.empty(),
                text(line, "sha256"),
                text(line, "compression").map(Compression::parse).orElse(Compression.UNKNOWN),
                text(line, "encryption").orElse(Manifest.ENCRYPTION_UNKNOWN),
                text(line, "producerHost"),
                new BtrfsUuids(text(line, "btrfsUuid"), text(line, "btrfsParentUuid")),
                text(line, "created").map(Instant::parse).orElse(snapshot.time()),
                text(line, "received").map(Instant::parse),
                Map.of());
    }

    private static Optional<String> text(JsonNode line, String field) {
        JsonNode value = line.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? Optional.empty() : Optional.of(value.asText());
    }
}
