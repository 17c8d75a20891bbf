package org.btrfssendbackup.core.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.BtrfsUuids;
import org.btrfssendbackup.core.manifest.Compression;
import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.core.protocol.ListReplyLine.Unreadable.Shape;

/**
 * Reads the receiver's {@code list SET} reply, one JSON object per line, into typed
 * {@link ListReplyLine}s: the one reader the producer's upload and remote-btrfs steps and restore
 * share. The receiver writes these lines by hand (its FlatJson, so put-stream never loads
 * Jackson); the caller passes the project's line mapper ({@code messages.JsonFormats.line()}),
 * so core builds no mapper of its own. Every value is validated again by its record: a
 * compromised backup-srv cannot smuggle in a path.
 */
public final class ListReply {

    /** The "type" of a received-snapshot line; manifest lines have no "type". */
    public static final String RECEIVED_SNAPSHOT_TYPE = "received-snapshot";

    private ListReply() {
    }

    /** Every non-blank line of {@code output}, in the receiver's order. */
    public static List<ListReplyLine> parse(String output, ObjectMapper lineMapper) {
        return output.lines().filter(l -> !l.isBlank()).map(l -> parseLine(l, lineMapper)).toList();
    }

    public static ListReplyLine parseLine(String text, ObjectMapper lineMapper) {
        JsonNode node;
        try {
            node = lineMapper.readTree(text);
        } catch (JsonProcessingException e) {
            return new ListReplyLine.Unreadable(Shape.NOT_JSON, "not JSON", text);
        }
        if (node == null || !node.isObject()) {
            return new ListReplyLine.Unreadable(Shape.NOT_JSON, "not an object", text);
        }
        if (node.has("type")) {
            return RECEIVED_SNAPSHOT_TYPE.equals(node.get("type").asText()) ? receivedSnapshot(node, text)
                    : new ListReplyLine.Other(text);
        }
        String status = node.has("status") ? node.get("status").asText() : "ok";
        return switch (status) {
            case "ok" -> stream(node, text);
            case "invalid-manifest" -> new ListReplyLine.InvalidManifest(node.path("manifestFile").asText(),
                    node.path("error").asText(), text);
            case "no-manifest" -> new ListReplyLine.NoManifest(node.path("file").asText(), text);
            default -> new ListReplyLine.Other(text);
        };
    }

    private static ListReplyLine stream(JsonNode node, String text) {
        try {
            SnapshotName snapshot = SnapshotName.parse(required(node, "snapshot"));
            StreamKind kind = StreamKind.parse(required(node, "kind"));
            Optional<SnapshotName> parent = optional(node, "parent").map(SnapshotName::parse);
            OptionalLong bytes = node.hasNonNull("bytes") ? OptionalLong.of(node.get("bytes").asLong()) : OptionalLong.empty();
            Optional<String> sha256 = optional(node, "sha256");
            boolean restorable = !node.has("restorable") || node.get("restorable").asBoolean(true);
            Optional<String> unrestorable = optional(node, "unrestorable");
            Optional<Manifest> manifest = Optional.empty();
            Optional<String> manifestError = Optional.empty();
            try {
                BackupSetName set = BackupSetName.of(optional(node, "set")
                        .orElseThrow(() -> new IllegalArgumentException("list reply line has no set")));
                manifest = Optional.of(manifest(node, set, snapshot, kind, parent, bytes, sha256));
            } catch (RuntimeException e) {
                manifestError = Optional.of(String.valueOf(e.getMessage()));
            }
            return new ListReplyLine.Stream(snapshot, kind, parent, bytes, sha256, restorable, unrestorable, manifest,
                    manifestError, text);
        } catch (RuntimeException e) {
            return new ListReplyLine.Unreadable(Shape.STREAM, String.valueOf(e.getMessage()), text);
        }
    }

    private static Manifest manifest(JsonNode node, BackupSetName set, SnapshotName snapshot, StreamKind kind,
                                     Optional<SnapshotName> parent, OptionalLong bytes, Optional<String> sha256) {
        return new Manifest(
                node.path("formatVersion").asInt(0),
                set,
                snapshot,
                kind,
                parent,
                optional(node, "file").map(StreamFileName::parse).orElse(StreamFileName.of(snapshot, kind)),
                bytes,
                sha256,
                optional(node, "compression").map(Compression::parse).orElse(Compression.UNKNOWN),
                optional(node, "encryption").orElse(Manifest.ENCRYPTION_UNKNOWN),
                optional(node, "producerHost"),
                new BtrfsUuids(optional(node, "btrfsUuid"), optional(node, "btrfsParentUuid")),
                optional(node, "created").map(Instant::parse).orElse(snapshot.time()),
                optional(node, "received").map(Instant::parse),
                Map.of());
    }

    private static ListReplyLine receivedSnapshot(JsonNode node, String text) {
        try {
            SnapshotName name = SnapshotName.parse(required(node, "snapshot"));
            Optional<UUID> receivedUuid = optional(node, "received_uuid").map(ListReply::uuid);
            JsonNode readOnly = node.get("read_only");
            return new ListReplyLine.ReceivedSnapshot(name, receivedUuid, readOnly != null && readOnly.asBoolean(false),
                    text);
        } catch (RuntimeException e) {
            return new ListReplyLine.Unreadable(Shape.RECEIVED_SNAPSHOT, String.valueOf(e.getMessage()), text);
        }
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed received_uuid '" + value + "'", e);
        }
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("lacks \"" + field + "\"");
        }
        return value.asText();
    }

    private static Optional<String> optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? Optional.empty() : Optional.of(value.asText());
    }
}
