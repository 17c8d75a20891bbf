package org.btrfssendbackup.core.protocol;

import java.util.Objects;
import java.util.Optional;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.Compression;

/**
 * One SSH command of the receiver protocol (design.md section 4 plus the remote-btrfs commands),
 * every value already validated. {@link #format()} is the exact command line the producer and
 * restore send; {@link ReceiverCommands#parse(String)} is the receiver's grammar, and
 * {@code parse(c.format())} equals {@code c} for every command.
 */
public sealed interface ReceiverCommand {

    /** The command word, for messages and events. */
    String word();

    /** The command line as it goes over the wire (SSH_ORIGINAL_COMMAND on backup-srv). */
    String format();

    record Version() implements ReceiverCommand {
        public String word() {
            return "version";
        }

        public String format() {
            return word();
        }
    }

    /**
     * Stores stdin as SET/SNAPSHOT.KIND.btrfs.gpg. {@code compression} comes from the optional
     * {@code compression=none|zstd} extension; UNKNOWN means the option is left out (then the
     * manifest says "unknown").
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

        /** {@code put-stream SET SNAPSHOT full|incr [PARENT] [compression=none|zstd]}. */
        public String format() {
            StringBuilder b = new StringBuilder(word()).append(' ').append(set.value()).append(' ')
                    .append(snapshot.value()).append(' ').append(kind.token());
            parent.ifPresent(p -> b.append(' ').append(p.value()));
            if (compression != Compression.UNKNOWN) {
                b.append(" compression=").append(compression.token());
            }
            return b.toString();
        }
    }

    record ListSet(BackupSetName set) implements ReceiverCommand {
        public ListSet {
            Objects.requireNonNull(set, "set");
        }

        public String word() {
            return "list";
        }

        public String format() {
            return word() + " " + set.value();
        }
    }

    record GetStream(BackupSetName set, StreamFileName file) implements ReceiverCommand {
        public GetStream {
            Objects.requireNonNull(set, "set");
            Objects.requireNonNull(file, "file");
        }

        public String word() {
            return "get-stream";
        }

        public String format() {
            return word() + " " + set.value() + " " + file.value();
        }
    }

    record OpenLuks() implements ReceiverCommand {
        public String word() {
            return "open-luks";
        }

        public String format() {
            return word();
        }
    }

    record Receive(BackupSetName set, SnapshotName snapshot, Optional<SnapshotName> parent) implements ReceiverCommand {
        public Receive {
            Objects.requireNonNull(set, "set");
            Objects.requireNonNull(snapshot, "snapshot");
            Objects.requireNonNull(parent, "parent");
        }

        public String word() {
            return "receive";
        }

        /** {@code receive SET SNAPSHOT [PARENT]}. */
        public String format() {
            return word() + " " + set.value() + " " + snapshot.value() + parent.map(p -> " " + p.value()).orElse("");
        }
    }

    record PruneReceived(BackupSetName set) implements ReceiverCommand {
        public PruneReceived {
            Objects.requireNonNull(set, "set");
        }

        public String word() {
            return "prune-received";
        }

        public String format() {
            return word() + " " + set.value();
        }
    }

    record CloseLuks() implements ReceiverCommand {
        public String word() {
            return "close-luks";
        }

        public String format() {
            return word();
        }
    }

    /**
     * Several read requests over one connection (a restore): stdin carries request lines, each
     * a {@code version}, {@code list} or {@code get-stream} line as it would come alone, and
     * stdout one framed reply per request ({@link ReadSessionFraming}).
     */
    record ReadSession() implements ReceiverCommand {
        public String word() {
            return "read-session";
        }

        public String format() {
            return word();
        }

        /** Whether {@code command} may be a request inside a session: the read-only commands. */
        public static boolean allowsRequest(ReceiverCommand command) {
            return command instanceof Version || command instanceof ListSet || command instanceof GetStream;
        }
    }
}
