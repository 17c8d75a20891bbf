package org.btrfssendbackup.producer.remote;

import org.btrfssendbackup.core.protocol.ReceiverCommand;
import java.util.Objects;
import java.util.Optional;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamKind;

/** What a {@code receive} receives: a full (no parent) or an incremental on an older received snapshot. */
public record ReceiveRequest(BackupSetName set, SnapshotName snapshot, Optional<SnapshotName> parent) {

    public ReceiveRequest {
        Objects.requireNonNull(set, "receive: set");
        Objects.requireNonNull(snapshot, "receive: snapshot");
        Objects.requireNonNull(parent, "receive: parent");
        if (parent.isPresent() && parent.get().compareTo(snapshot) >= 0) {
            throw new IllegalArgumentException("receive " + snapshot + ": parent " + parent.get() + " is not older");
        }
    }

    public StreamKind kind() {
        return parent.isPresent() ? StreamKind.INCR : StreamKind.FULL;
    }

    /** {@code receive SET SNAPSHOT [PARENT]}. */
    public ReceiverCommand.Receive command() {
        return new ReceiverCommand.Receive(set, snapshot, parent);
    }

    /** That command's line, as the receiver sees it. */
    public String remoteCommand() {
        return command().format();
    }

    @Override
    public String toString() {
        return remoteCommand();
    }
}
