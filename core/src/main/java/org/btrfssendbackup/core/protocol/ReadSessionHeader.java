package org.btrfssendbackup.core.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The line before each reply body of a {@code read-session} ({@link ReadSessionFraming}):
 * {@code {"status":"ok","command":"get-stream","bytes":N}}. Written only by {@link #format()}
 * (Jackson-free, as every receiver reply), read only by {@link #parse}.
 *
 * @param command the request's command word, so a client notices a reply to another request
 * @param bytes   the body's exact length
 */
public record ReadSessionHeader(String command, long bytes) {

    public ReadSessionHeader {
        Objects.requireNonNull(command, "read-session header: command");
        if (bytes < 0) {
            throw new IllegalArgumentException("read-session header: negative byte count " + bytes);
        }
    }

    public String format() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", "ok");
        fields.put("command", command);
        fields.put("bytes", bytes);
        return FlatJson.object(fields);
    }

    /** One header line (without its newline); {@code lineMapper} as for the other replies. */
    public static ReadSessionHeader parse(String line, ObjectMapper lineMapper) throws IOException {
        ReplyLine reply = ReplyLine.last("read-session", line, lineMapper);
        reply.status(Set.of("ok"));
        try {
            return new ReadSessionHeader(reply.text("command"), reply.count("bytes"));
        } catch (IllegalArgumentException e) {
            throw reply.invalid(e);
        }
    }
}
