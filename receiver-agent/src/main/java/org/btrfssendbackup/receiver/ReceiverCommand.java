package org.btrfssendbackup.receiver;

import java.util.Objects;
import java.util.Optional;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.Compression;

/** One accepted SSH command of design.md section 4, with every value already validated. */
public sealed interface ReceiverCommand {

    /** The command word, for messages and events. */
    String word();

    record Version() implements ReceiverCommand {
        public String word() {
            return "version";
        }
    }

    /**
     * Stores stdin as SET/SNAPSHOT.KIND.btrfs.gpg. {@code compression} comes from the optional
     * {@code compression=none|zstd} extension; without it the manifest says "unknown".
     */
    record PutStream(BackupSetName set, SnapshotName snapshot, StreamKind kind, Optional<SnapshotName> parent,
            Compression compression) implements ReceiverCommand {
        public PutStream {
            Objects.requireNonNull(set, "set");
            Objects.requireNonNull(snapshot, "snapshot");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(compression, "compression");
            if ((kind == StreamKind.INCR) != parent.isPresent()) {
                throw new IllegalArgumentException("put-stream: an incr stream needs exactly one parent, a full stream none");
            }
        }

        public StreamFileName file() {
            return StreamFileName.of(snapshot, kind);
        }

        public String word() {
            return "put-stream";
        }
    }

    record ListSet(BackupSetName set) implements ReceiverCommand {
        public String word() {
            return "list";
        }
    }

    record GetStream(BackupSetName set, StreamFileName file) implements ReceiverCommand {
        public String word() {
            return "get-stream";
        }
    }

    record OpenLuks() implements ReceiverCommand {
        public String word() {
            return "open-luks";
        }
    }

    record Receive(BackupSetName set, SnapshotName snapshot, Optional<SnapshotName> parent) implements ReceiverCommand {
        public String word() {
            return "receive";
        }
    }

    record PruneReceived(BackupSetName set) implements ReceiverCommand {
        public String word() {
            return "prune-received";
        }
    }

    record CloseLuks() implements ReceiverCommand {
        public String word() {
            return "close-luks";
        }
    }
}
