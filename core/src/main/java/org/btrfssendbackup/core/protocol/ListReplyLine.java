package org.btrfssendbackup.core.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.Manifest;

/**
 * One line of the receiver's {@code list SET} reply, written by the receiver only through the
 * records' factories ({@code of}, whose {@code text} is {@link #format()}) and typed by
 * {@link ListReply}. Readers pick the lines they need and decide themselves whether an
 * {@link Unreadable} line is fatal (the producer: yes, it must not decide on a listing it cannot
 * read) or a warning (restore). Field order is fixed, absent values are left out (Jackson-free,
 * like the other replies).
 */
public sealed interface ListReplyLine {

    /** The line as the receiver printed it, for messages. */
    String text();

    /** The line for this value as a receiver writes it. */
    String format();

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
        /** {@link #ofFields}' reason for the missing manifest. */
        public static final String NO_MANIFEST = "made from its fields, not read from a receiver's manifest line";
        /** {@link #ofFields}' reason when the stream is not restorable. */
        public static final String NOT_RESTORABLE = "not restorable";

        public Stream {
            ReplyFields.present("list line", "snapshot kind parent bytes sha256 unrestorable manifest manifestError text",
                    snapshot, kind, parent, bytes, sha256, unrestorable, manifest, manifestError, text);
            if (manifest.isPresent() == manifestError.isPresent()) {
                throw new IllegalArgumentException("list line: either a manifest or why there is none");
            }
        }

        /**
         * A stored stream's line, as {@code list} writes it.
         *
         * @param unrestorable why its chain cannot be restored (and so not chained on); empty when it can
         */
        public static Stream of(Manifest m, Optional<String> unrestorable) {
            String text = manifestLine(m, unrestorable);
            return new Stream(m.snapshot(), m.kind(), m.parent(), m.bytes(), m.sha256(), unrestorable.isEmpty(),
                    unrestorable, Optional.of(m), Optional.empty(), text);
        }

        /**
         * A stream known only by the fields the producer decides on (a test receiver's listing, or one
         * rebuilt by hand); it has no manifest, so restore cannot use it. Its {@code text} is its
         * {@link #format()}.
         *
         * @param restorable whether an incremental may be sent against it; when false the reason says only that
         */
        public static Stream ofFields(SnapshotName snapshot, StreamKind kind, Optional<SnapshotName> parent,
                                      OptionalLong bytes, Optional<String> sha256, boolean restorable) {
            Optional<String> unrestorable = restorable ? Optional.empty() : Optional.of(NOT_RESTORABLE);
            Stream partial = new Stream(snapshot, kind, parent, bytes, sha256, restorable, unrestorable,
                    Optional.empty(), Optional.of(NO_MANIFEST), "");
            return new Stream(snapshot, kind, parent, bytes, sha256, restorable, unrestorable,
                    Optional.empty(), Optional.of(NO_MANIFEST), partial.format());
        }

        /** {@link #ofFields} with a chain that restores, as a receiver that predates the field is taken. */
        public static Stream ofFields(SnapshotName snapshot, StreamKind kind, Optional<SnapshotName> parent,
                                      OptionalLong bytes, Optional<String> sha256) {
            return ofFields(snapshot, kind, parent, bytes, sha256, true);
        }

        /**
         * Whether {@code listing} holds {@code parent} as a stream an incremental may be sent against:
         * stored and restorable (every link stored, with its manifest, last check passed).
         */
        public static boolean canChainOn(java.util.List<Stream> listing, SnapshotName parent) {
            return listing.stream().anyMatch(s -> s.snapshot().equals(parent) && s.restorable());
        }

        /** With its manifest: the receiver's whole line; without (read from a partial line): the fields it has. */
        public String format() {
            if (manifest.isPresent()) {
                return manifestLine(manifest.get(), unrestorable);
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("snapshot", snapshot.value());
            fields.put("kind", kind.token());
            parent.ifPresent(p -> fields.put("parent", p.value()));
            bytes.ifPresent(b -> fields.put("bytes", b));
            sha256.ifPresent(h -> fields.put("sha256", h));
            fields.put("restorable", restorable);
            unrestorable.ifPresent(cause -> fields.put("unrestorable", cause));
            return FlatJson.object(fields);
        }

        /** Readers that predate {@code restorable} take every line as restorable. */
        private static String manifestLine(Manifest m, Optional<String> unrestorable) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("formatVersion", m.formatVersion());
            fields.put("set", m.set().value());
            fields.put("snapshot", m.snapshot().value());
            fields.put("kind", m.kind().token());
            m.parent().ifPresent(p -> fields.put("parent", p.value()));
            fields.put("file", m.streamFile().value());
            m.bytes().ifPresent(b -> fields.put("bytes", b));
            m.sha256().ifPresent(h -> fields.put("sha256", h));
            fields.put("compression", m.compression().token());
            fields.put("encryption", m.encryption());
            m.producerHost().ifPresent(h -> fields.put("producerHost", h));
            m.uuids().snapshotUuid().ifPresent(u -> fields.put("btrfsUuid", u));
            m.uuids().parentUuid().ifPresent(u -> fields.put("btrfsParentUuid", u));
            fields.put("created", m.created().toString());
            m.received().ifPresent(r -> fields.put("received", r.toString()));
            fields.put("restorable", unrestorable.isEmpty());
            unrestorable.ifPresent(cause -> fields.put("unrestorable", cause));
            return FlatJson.object(fields);
        }
    }

    /** {@code {"status":"invalid-manifest","manifestFile":...,"error":...}}: a manifest the receiver cannot read. */
    record InvalidManifest(String manifestFile, String error, String text) implements ListReplyLine {
        public static InvalidManifest of(String manifestFile, String error) {
            return new InvalidManifest(manifestFile, error, line(manifestFile, error));
        }

        public String format() {
            return line(manifestFile, error);
        }

        private static String line(String manifestFile, String error) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("status", "invalid-manifest");
            fields.put("manifestFile", manifestFile);
            fields.put("error", error);
            return FlatJson.object(fields);
        }
    }

    /** {@code {"status":"no-manifest","file":...}}: a stream file without a manifest, never restorable. */
    record NoManifest(String file, String text) implements ListReplyLine {
        /** The error every no-manifest line carries, for an operator reading the listing. */
        public static final String ERROR = "stream file without a manifest: not restorable, never chained on";

        public static NoManifest of(String file) {
            return new NoManifest(file, line(file));
        }

        public String format() {
            return line(file);
        }

        private static String line(String file) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("status", "no-manifest");
            fields.put("file", file);
            fields.put("error", ERROR);
            return FlatJson.object(fields);
        }
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

        /** A complete received snapshot, as {@code list} writes it: only read-only ones are ever listed. */
        public static ReceivedSnapshot of(SnapshotName snapshot, UUID receivedUuid) {
            return new ReceivedSnapshot(snapshot, Optional.of(receivedUuid), true,
                    line(snapshot, Optional.of(receivedUuid), true));
        }

        public String format() {
            return line(snapshot, receivedUuid, readOnly);
        }

        private static String line(SnapshotName snapshot, Optional<UUID> receivedUuid, boolean readOnly) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("type", ListReply.RECEIVED_SNAPSHOT_TYPE);
            fields.put("snapshot", snapshot.value());
            receivedUuid.ifPresent(u -> fields.put("received_uuid", u.toString()));
            fields.put("read_only", readOnly);
            return FlatJson.object(fields);
        }
    }

    /** A JSON object of a type or status this build does not know (a newer receiver's): every reader skips it. */
    record Other(String text) implements ListReplyLine {
        /** No receiver of this build writes one: the line as it came. */
        public String format() {
            return text;
        }
    }

    /**
     * A line that is not what its shape promises: not a JSON object, or a manifest or
     * received-snapshot line with a missing or invalid value.
     */
    record Unreadable(Shape shape, String reason, String text) implements ListReplyLine {
        public enum Shape { NOT_JSON, STREAM, RECEIVED_SNAPSHOT }

        /** No receiver writes one on purpose: the line as it came. */
        public String format() {
            return text;
        }

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
