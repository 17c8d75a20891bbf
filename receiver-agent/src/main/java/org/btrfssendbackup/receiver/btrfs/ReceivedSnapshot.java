package org.btrfssendbackup.receiver.btrfs;

import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;
import org.btrfssendbackup.core.layout.SnapshotName;

/**
 * A completely received snapshot under RECEIVED_ROOT/SET: a read-only subvolume whose
 * received UUID btrfs receive set at the very end (the UUID of the source snapshot on prod-srv).
 */
public record ReceivedSnapshot(SnapshotName name, Path path, UUID receivedUuid) {

    public ReceivedSnapshot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(receivedUuid, "receivedUuid");
    }
}
