package org.btrfssendbackup.producer.upload;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamKind;

/** One stream the receiver has stored, as its `list SET` manifest line says. */
public record StoredStream(SnapshotName snapshot, StreamKind kind, Optional<SnapshotName> parent,
                           OptionalLong bytes, Optional<String> sha256) {
    public StoredStream {
        Objects.requireNonNull(snapshot, "stored stream: snapshot");
        Objects.requireNonNull(kind, "stored stream: kind");
        Objects.requireNonNull(parent, "stored stream: parent");
        Objects.requireNonNull(bytes, "stored stream: bytes");
        Objects.requireNonNull(sha256, "stored stream: sha256");
    }
}
