package org.btrfssendbackup.core.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The receiver's one JSON line after {@code prune-received SET}:
 * {@code {"status":"pruned","kept":N,"deleted":[names...]}}, plus {@code "ignored":[entries...]}
 * (entries of RECEIVED_ROOT/SET that are no received snapshot, left alone) only when there are any,
 * so a producer that predates the field reads it unchanged.
 */
public record PruneReceivedReply(int kept, List<String> deleted, List<String> ignored) {

    private static final String PRUNED = "pruned";

    public PruneReceivedReply {
        if (kept < 0) {
            throw new IllegalArgumentException("prune-received reply: negative kept count " + kept);
        }
        deleted = List.copyOf(deleted);
        ignored = List.copyOf(ignored);
    }

    /** The line as the receiver writes it (Jackson-free). */
    public String format() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", PRUNED);
        fields.put("kept", kept);
        fields.put("deleted", deleted);
        if (!ignored.isEmpty()) {
            fields.put("ignored", ignored);
        }
        return FlatJson.object(fields);
    }

    /** The last non-blank line of {@code output}; the caller passes the project's line mapper. */
    public static PruneReceivedReply parse(String output, ObjectMapper lineMapper) throws IOException {
        ReplyLine line = ReplyLine.last("prune-received", output, lineMapper);
        line.status(Set.of(PRUNED));
        long kept = line.count("kept");
        List<String> deleted = line.requiredTexts("deleted");
        List<String> ignored = line.texts("ignored").orElse(List.of());
        if (kept > Integer.MAX_VALUE) {
            throw line.invalid(new IllegalArgumentException("kept count " + kept + " out of range"));
        }
        return new PruneReceivedReply((int) kept, deleted, ignored);
    }
}
