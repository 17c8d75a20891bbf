package org.btrfssendbackup.producer.upload;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamKind;

/**
 * One stream the receiver has stored, as its `list SET` manifest line says.
 *
 * @param restorable whether its chain restores (every link stored, with its manifest, last check
 *                   passed): only such a stream may be an incremental's parent; a receiver that
 *                   predates the field is taken at its word (true)
 */
public record StoredStream(SnapshotName snapshot, StreamKind kind, Optional<SnapshotName> parent,
                           OptionalLong bytes, Optional<String> sha256, boolean restorable) {

    public StoredStream(SnapshotName snapshot, StreamKind kind, Optional<SnapshotName> parent, OptionalLong bytes,
                        Optional<String> sha256) {
        this(snapshot, kind, parent, bytes, sha256, true);
    }

    /** Whether the listing holds {@code parent} as a stream an incremental may be sent against. */
    public static boolean canChainOn(java.util.List<StoredStream> listing, SnapshotName parent) {
        return listing.stream().anyMatch(s -> s.snapshot().equals(parent) && s.restorable());
    }

    public StoredStream {
        Objects.requireNonNull(snapshot, "stored stream: snapshot");
        Objects.requireNonNull(kind, "stored stream: kind");
        Objects.requireNonNull(parent, "stored stream: parent");
        Objects.requireNonNull(bytes, "stored stream: bytes");
        Objects.requireNonNull(sha256, "stored stream: sha256");
    }
}
