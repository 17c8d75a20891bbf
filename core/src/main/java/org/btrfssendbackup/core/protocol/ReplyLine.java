package org.btrfssendbackup.core.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.btrfssendbackup.core.text.WireWord;

/**
 * The last JSON line of a receiver reply with typed, strict field reads, for the reply records'
 * {@code parse}. Jackson stays inside this class: the reply records only pass the caller's
 * mapper through, so the receiver loads them to {@code format()} without loading Jackson.
 * Every error names the command and quotes the line. Made by {@link #last} only, which checks
 * that the line is a JSON object.
 */
record ReplyLine(String command, JsonNode node, String text) {

    /** The last non-blank line of {@code output} (what ssh printed before it is chatter). */
    static ReplyLine last(String command, String output, ObjectMapper lineMapper) throws IOException {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new IOException(command + ": the receiver printed no reply line");
        }
        String text = lines.get(lines.size() - 1);
        JsonNode node;
        try {
            node = lineMapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IOException(command + " reply: not JSON: " + text, e);
        }
        if (node == null || !node.isObject()) {
            throw new IOException(command + " reply: not a JSON object: " + text);
        }
        return new ReplyLine(command, node, text);
    }

    String status(Set<String> accepted) throws IOException {
        String status = text("status");
        if (!accepted.contains(status)) {
            throw new IOException(command + ": the receiver answered status '" + status + "': " + text);
        }
        return status;
    }

    /**
     * The status as a constant of the reply's status enum: every constant's word is accepted, so
     * the accepted set cannot drift from the enum (as four hand-written lists could).
     */
    <E extends Enum<E> & WireWord> E status(Class<E> type) throws IOException {
        String status = text("status");
        return WireWord.find(type, status).orElseThrow(() -> new IOException(
                command + ": the receiver answered status '" + status + "': " + text));
    }

    String text(String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw lacks(field, "a string");
        }
        return value.asText();
    }

    /** A string that may be left out. */
    Optional<String> optionalText(String field) throws IOException {
        return node.has(field) ? Optional.of(text(field)) : Optional.empty();
    }

    /** A field that must be present, as a string or null. */
    Optional<String> nullableText(String field) throws IOException {
        JsonNode value = node.get(field);
        if (value != null && value.isNull()) {
            return Optional.empty();
        }
        return Optional.of(text(field));
    }

    long count(String field) throws IOException {
        return optionalCount(field).orElseThrow(() -> lacks(field, "a count"));
    }

    /** A count that may be left out; present with another type, or negative, it is refused. */
    Optional<Long> optionalCount(String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw lacks(field, "a count");
        }
        return Optional.of(value.asLong());
    }

    /** A list of strings; empty (no list) when the field is left out. */
    Optional<List<String>> texts(String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw lacks(field, "a list of strings");
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw lacks(field, "a list of strings");
            }
            items.add(item.asText());
        }
        return Optional.of(items);
    }

    List<String> requiredTexts(String field) throws IOException {
        return texts(field).orElseThrow(() -> lacks(field, "a list of strings"));
    }

    /** Turns a value record's refusal into the reply's error. */
    IOException invalid(RuntimeException e) {
        return new IOException(command + ": the receiver's reply is invalid (" + e.getMessage() + "): " + text, e);
    }

    private IOException lacks(String field, String what) {
        return new IOException(command + ": the receiver's reply lacks \"" + field + "\" as " + what + ": " + text);
    }
}
