package org.btrfssendbackup.producer.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.btrfssendbackup.messages.JsonFormats;
import org.btrfssendbackup.core.protocol.ListReply;
import org.btrfssendbackup.core.protocol.ListReplyLine;

/** Parses the receiver's JSON lines of the remote-btrfs commands (REMOTE-BTRFS-PROTOCOL.md). */
public final class RemoteBtrfsJson {

    /** The "type" of a received-snapshot line in {@code list SET}; manifest lines have no "type". */
    public static final String RECEIVED_SNAPSHOT_TYPE = ListReply.RECEIVED_SNAPSHOT_TYPE;

    /** The line mapper the remote-btrfs replies are read with (core.protocol's receive and prune-received replies too). */
    public static final ObjectMapper MAPPER = JsonFormats.line();

    private RemoteBtrfsJson() {
    }

    /** @return "opened" or "already-open" */
    public static String openLuksReply(String output) throws IOException {
        return status(reply("open-luks", output), "open-luks", Set.of("opened", "already-open"));
    }

    /** @return "closed" or "already-closed" */
    public static String closeLuksReply(String output) throws IOException {
        return status(reply("close-luks", output), "close-luks", Set.of("closed", "already-closed"));
    }

    /**
     * The received-snapshot lines of a {@code list SET} output, in the receiver's order (by
     * snapshot time), read by the one {@link ListReply} reader; the stream manifest lines of the
     * same output are skipped, a received-snapshot line that cannot be read fails the listing.
     */
    public static List<ReceivedSnapshot> receivedSnapshots(String output) throws IOException {
        List<ReceivedSnapshot> received = new ArrayList<>();
        for (ListReplyLine line : ListReply.parse(output, MAPPER)) {
            if (line instanceof ListReplyLine.ReceivedSnapshot r) {
                received.add(new ReceivedSnapshot(r.snapshot(), r.receivedUuid(), r.readOnly()));
            } else if (line instanceof ListReplyLine.Unreadable u && u.shape() != ListReplyLine.Unreadable.Shape.STREAM) {
                throw new IOException(u.message());
            }
        }
        return received;
    }

    private record Line(JsonNode node, String text) {
    }

    /** The last non-blank line of the output is the reply. */
    private static Line reply(String command, String output) throws IOException {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new IOException(command + ": the receiver printed no reply line");
        }
        String text = lines.get(lines.size() - 1);
        return new Line(parse(text, command + " reply"), text);
    }

    private static String status(Line line, String command, Set<String> accepted) throws IOException {
        String status = text(line, "status");
        if (!accepted.contains(status)) {
            throw new IOException(command + ": the receiver answered status '" + status + "': " + line.text());
        }
        return status;
    }

    private static JsonNode parse(String text, String what) throws IOException {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || !node.isObject()) {
                throw new IOException(what + ": not a JSON object: " + text);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IOException(what + ": not JSON: " + text, e);
        }
    }

    private static String text(Line line, String field) throws IOException {
        JsonNode value = line.node().get(field);
        if (value == null || !value.isTextual()) {
            throw new IOException("receiver reply lacks \"" + field + "\": " + line.text());
        }
        return value.asText();
    }
}
