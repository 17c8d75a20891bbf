package org.btrfssendbackup.core.protocol;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.Manifest;

/**
 * One line of the receiver's {@code list SET} reply, typed by {@link ListReply}. Readers pick
 * the lines they need and decide themselves whether an {@link Unreadable} line is fatal (the
 * producer: yes, it must not decide on a listing it cannot read) or a warning (restore).
 */
public sealed interface ListReplyLine {

    /** The line as the receiver printed it, for messages. */
    String text();

    /**
     * A stored stream's manifest line.
     *
     * @param restorable   whether its chain restores; a receiver that predates the field is taken at its word
     * @param unrestorable the receiver's reason when not restorable
     * @param manifest      the whole manifest, when every field of it is valid and the line names its set
     *                       (every receiver's manifest line does); restore needs it, the producer only
     *                       the fields above
     * @param manifestError  why {@code manifest} is empty
     */
    record Stream(SnapshotName snapshot, StreamKind kind, Optional<SnapshotName> parent, OptionalLong bytes,
                  Optional<String> sha256, boolean restorable, Optional<String> unrestorable,
                  Optional<Manifest> manifest, Optional<String> manifestError, String text) implements ListReplyLine {
        public Stream {
            Objects.requireNonNull(snapshot, "list line: snapshot");
            Objects.requireNonNull(kind, "list line: kind");
            Objects.requireNonNull(parent, "list line: parent");
            Objects.requireNonNull(bytes, "list line: bytes");
            Objects.requireNonNull(sha256, "list line: sha256");
            Objects.requireNonNull(unrestorable, "list line: unrestorable");
            Objects.requireNonNull(manifest, "list line: manifest");
            Objects.requireNonNull(manifestError, "list line: manifestError");
            if (manifest.isPresent() == manifestError.isPresent()) {
                throw new IllegalArgumentException("list line: either a manifest or why there is none");
            }
            Objects.requireNonNull(text, "list line: text");
        }
    }

    /** {@code {"status":"invalid-manifest","manifestFile":...,"error":...}}: a manifest the receiver cannot read. */
    record InvalidManifest(String manifestFile, String error, String text) implements ListReplyLine {
    }

    /** {@code {"status":"no-manifest","file":...}}: a stream file without a manifest, never restorable. */
    record NoManifest(String file, String text) implements ListReplyLine {
    }

    /**
     * {@code {"type":"received-snapshot",...}} (remote-btrfs): a subvolume in RECEIVED_ROOT/SET.
     *
     * @param receivedUuid set by {@code btrfs receive} only when the whole stream arrived
     */
    record ReceivedSnapshot(SnapshotName snapshot, Optional<UUID> receivedUuid, boolean readOnly, String text)
            implements ListReplyLine {
        public ReceivedSnapshot {
            Objects.requireNonNull(snapshot, "received snapshot: snapshot");
            Objects.requireNonNull(receivedUuid, "received snapshot: receivedUuid");
        }
    }

    /** A JSON object of a type or status this build does not know (a newer receiver's): every reader skips it. */
    record Other(String text) implements ListReplyLine {
    }

    /**
     * A line that is not what its shape promises: not a JSON object, or a manifest or
     * received-snapshot line with a missing or invalid value.
     */
    record Unreadable(Shape shape, String reason, String text) implements ListReplyLine {
        public enum Shape { NOT_JSON, STREAM, RECEIVED_SNAPSHOT }

        /** The producer's and restore's wording: what was wrong and the line itself. */
        public String message() {
            return switch (shape) {
                case NOT_JSON -> "list reply: not a JSON object (" + reason + "): " + text;
                case STREAM -> "list: unexpected manifest line from the receiver (" + reason + "): " + text;
                case RECEIVED_SNAPSHOT -> "list: unexpected received-snapshot line (" + reason + "): " + text;
            };
        }
    }
}
