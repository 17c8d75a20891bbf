package org.btrfssendbackup.core.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The receiver's answer to {@code version}, read in one place. Every field but the line itself
 * is optional, so an older receiver's shorter reply still reads.
 *
 * @param protocol  the receiver's protocol version ({@link ReceiverProtocol#VERSION} on this build)
 * @param commands  the commands it accepts
 * @param freeBytes usable bytes on BACKUP_ROOT's filesystem
 */
public record VersionReply(OptionalInt protocol, List<String> commands, OptionalLong freeBytes) {

    public VersionReply {
        Objects.requireNonNull(protocol, "version reply: protocol");
        commands = List.copyOf(commands);
        Objects.requireNonNull(freeBytes, "version reply: freeBytes");
    }

    /**
     * The last non-blank line of {@code output} is the reply; the caller passes the project's
     * line mapper ({@code messages.JsonFormats.line()} or the event mapper it has warm).
     */
    public static VersionReply parse(String output, ObjectMapper lineMapper) throws IOException {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new IOException("version: the receiver printed no reply line");
        }
        String line = lines.get(lines.size() - 1);
        JsonNode node;
        try {
            node = lineMapper.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IOException("version reply: not JSON: " + line, e);
        }
        if (node == null || !node.isObject()) {
            throw new IOException("version reply: not a JSON object: " + line);
        }
        JsonNode protocol = node.get("protocol");
        JsonNode free = node.get("freeBytes");
        List<String> commands = new ArrayList<>();
        node.path("commands").forEach(c -> commands.add(c.asText()));
        return new VersionReply(protocol != null && protocol.canConvertToInt() ? OptionalInt.of(protocol.asInt())
                : OptionalInt.empty(), commands,
                free != null && free.canConvertToLong() ? OptionalLong.of(free.asLong()) : OptionalLong.empty());
    }
}
