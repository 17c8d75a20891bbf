package org.btrfssendbackup.producer.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.messages.EventJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Parses the receiver's JSON lines: the put-stream reply and the list manifests. */
public final class ReceiverJson {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiverJson.class);
    /** The project's one mapper: in the agent it is warm from the events before the first reply. */
    private static final ObjectMapper MAPPER = EventJson.mapper();

    private ReceiverJson() {
    }

    /** The last non-blank line of the output is the reply. */
    public static ReceiverReply putStreamReply(String output) throws IOException {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new IOException("put-stream: the receiver printed no reply line");
        }
        String line = lines.get(lines.size() - 1);
        JsonNode node = parse(line, "put-stream reply");
        String status = text(node, "status", line);
        if (!status.equals("stored") && !status.equals("already-stored")) {
            throw new IOException("put-stream: the receiver answered status '" + status + "': " + line);
        }
        JsonNode bytes = node.get("bytes");
        if (bytes == null || !bytes.canConvertToLong()) {
            throw new IOException("put-stream: the receiver's reply has no byte count: " + line);
        }
        return new ReceiverReply(status, text(node, "snapshot", line), bytes.asLong(), text(node, "sha256", line));
    }

    /** One manifest per line; lines the receiver flags as invalid are logged and skipped. */
    public static List<StoredStream> listing(String output) throws IOException {
        List<StoredStream> stored = new ArrayList<>();
        for (String line : output.lines().filter(l -> !l.isBlank()).toList()) {
            JsonNode node = parse(line, "list reply");
            if (node.has("type")) {
                continue; // not a manifest: e.g. a received-snapshot line of remote-btrfs (manifests have no "type")
            }
            if (node.has("status") && !node.get("status").asText().equals("ok")) {
                LOG.warn("receiver lists an unreadable manifest: {}", line);
                continue;
            }
            try {
                stored.add(new StoredStream(SnapshotName.parse(text(node, "snapshot", line)),
                        StreamKind.parse(text(node, "kind", line)),
                        node.hasNonNull("parent") ? Optional.of(SnapshotName.parse(node.get("parent").asText()))
                                : Optional.empty(),
                        node.has("bytes") ? OptionalLong.of(node.get("bytes").asLong()) : OptionalLong.empty(),
                        node.hasNonNull("sha256") ? Optional.of(node.get("sha256").asText()) : Optional.empty(),
                        !node.has("restorable") || node.get("restorable").asBoolean(true)));
            } catch (IllegalArgumentException e) {
                throw new IOException("list: unexpected manifest line from the receiver (" + e.getMessage() + "): "
                        + line, e);
            }
        }
        return stored;
    }

    /** The {@code freeBytes} of a {@code version} reply; empty when an older receiver leaves it out. */
    public static OptionalLong freeBytes(String output) throws IOException {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new IOException("version: the receiver printed no reply line");
        }
        JsonNode free = parse(lines.get(lines.size() - 1), "version reply").get("freeBytes");
        return free != null && free.canConvertToLong() ? OptionalLong.of(free.asLong()) : OptionalLong.empty();
    }

    private static JsonNode parse(String line, String what) throws IOException {
        try {
            JsonNode node = MAPPER.readTree(line);
            if (node == null || !node.isObject()) {
                throw new IOException(what + ": not a JSON object: " + line);
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(what + ": not JSON: " + line, e);
        }
    }

    private static String text(JsonNode node, String field, String line) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IOException("receiver reply lacks \"" + field + "\": " + line);
        }
        return value.asText();
    }
}
