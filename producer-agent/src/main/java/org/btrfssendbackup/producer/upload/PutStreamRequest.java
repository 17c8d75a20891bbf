package org.btrfssendbackup.producer.upload;

import org.btrfssendbackup.core.protocol.ReceiverCommand;
import java.util.Objects;
import java.util.Optional;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.Compression;
import org.btrfssendbackup.core.stream.CompressionCodec;

/** What a put-stream stores: design.md section 4, plus the receiver's compression option. */
public record PutStreamRequest(BackupSetName set, SnapshotName snapshot, StreamKind kind,
                               Optional<SnapshotName> parent, Compression compression) {
    public PutStreamRequest {
        Objects.requireNonNull(set, "put-stream: set");
        Objects.requireNonNull(snapshot, "put-stream: snapshot");
        Objects.requireNonNull(kind, "put-stream: kind");
        Objects.requireNonNull(parent, "put-stream: parent");
        // a producer always applies and names a compression; UNKNOWN would drop it from the command
        CompressionCodec.applicable(compression);
        if ((kind == StreamKind.INCR) != parent.isPresent()) {
            throw new IllegalArgumentException("put-stream " + snapshot + ": an incremental needs a parent, a full has none");
        }
    }

    /** {@code put-stream SET SNAPSHOT full|incr [PARENT] compression=none|zstd}. */
    public String remoteCommand() {
        return command().format();
    }

    /** The protocol's command; this producer always names its compression. */
    public ReceiverCommand.PutStream command() {
        return new ReceiverCommand.PutStream(set, snapshot, kind, parent, compression);
    }
}
