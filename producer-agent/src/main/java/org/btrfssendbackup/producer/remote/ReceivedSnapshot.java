package org.btrfssendbackup.producer.remote;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.btrfssendbackup.core.layout.SnapshotName;

/**
 * One {@code {"type":"received-snapshot",...}} line of {@code list SET}: a subvolume in
 * RECEIVED_ROOT/SET on backup-srv.
 *
 * @param receivedUuid set by {@code btrfs receive} only when the whole stream arrived; for a
 *                     snapshot of prod-srv it equals that snapshot's own UUID
 */
public record ReceivedSnapshot(SnapshotName snapshot, Optional<UUID> receivedUuid, boolean readOnly) {

    public ReceivedSnapshot {
        Objects.requireNonNull(snapshot, "received snapshot: snapshot");
        Objects.requireNonNull(receivedUuid, "received snapshot: receivedUuid");
    }

    /**
     * Completely received: read-only with a received UUID. Anything else is a half-received
     * subvolume (the receiver deletes those), never a backup and never a parent.
     */
    public boolean complete() {
        return readOnly && receivedUuid.isPresent();
    }

    /** Completely received from the local snapshot whose UUID is {@code localUuid}. */
    public boolean isReceivedFrom(UUID localUuid) {
        return complete() && receivedUuid.get().equals(localUuid);
    }
}
