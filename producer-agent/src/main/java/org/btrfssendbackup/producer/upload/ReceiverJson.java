package org.btrfssendbackup.producer.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.btrfssendbackup.core.protocol.ListReply;
import org.btrfssendbackup.core.protocol.ListReplyLine;
import org.btrfssendbackup.core.protocol.VersionReply;
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

    /**
     * The stream manifests of a {@code list} reply, read by the one {@link ListReply} reader.
     * Lines the receiver flags as invalid (or a newer receiver's unknown lines) are logged and
     * skipped; a line that cannot be read fails the listing, since a send decided on it could be wrong.
     */
    public static List<StoredStream> listing(String output) throws IOException {
        List<StoredStream> stored = new ArrayList<>();
        for (ListReplyLine line : ListReply.parse(output, MAPPER)) {
            if (line instanceof ListReplyLine.Stream s) {
                stored.add(new StoredStream(s.snapshot(), s.kind(), s.parent(), s.bytes(), s.sha256(), s.restorable()));
            } else if (line instanceof ListReplyLine.Unreadable u) {
                if (u.shape() != ListReplyLine.Unreadable.Shape.RECEIVED_SNAPSHOT) {
                    throw new IOException(u.message());
                }
            } else if (!(line instanceof ListReplyLine.ReceivedSnapshot)) {
                // invalid-manifest, no-manifest, or a newer receiver's line: never a parent, never "already stored"
                LOG.warn("receiver lists a line that is not a readable manifest: {}", line.text());
            }
        }
        return stored;
    }

    /** The {@code freeBytes} of a {@code version} reply; empty when an older receiver leaves it out. */
    public static OptionalLong freeBytes(String output) throws IOException {
        return VersionReply.parse(output, MAPPER).freeBytes();
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
