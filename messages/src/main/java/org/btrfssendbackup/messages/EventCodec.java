package org.btrfssendbackup.messages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.btrfssendbackup.messages.event.EventPayload;
import org.btrfssendbackup.messages.event.EventTypes;
import org.btrfssendbackup.messages.event.InvalidFieldException;

/**
 * Envelope to JSON and back. Decoding reads the {@code type} first and picks the payload
 * record from {@link EventTypes}, so an unknown type is reported as such (and dead-lettered by
 * the consumer) instead of surfacing as a confusing mapping error. Decoding never throws.
 */
public final class EventCodec {

    private static final int MAX_ECHO = 80;

    private final ObjectMapper mapper = EventJson.mapper();

    /** Compact JSON for the wire. */
    public String encode(EventEnvelope envelope) {
        try {
            return mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            // Our own records always serialise; this would be a programming error.
            throw new UncheckedIOException("encode event " + envelope.eventId() + " (" + envelope.type() + ")", e);
        }
    }

    /** Indented JSON with a trailing newline, for golden files and the console. */
    public String encodePretty(EventEnvelope envelope) {
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(envelope) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("encode event " + envelope.eventId() + " (" + envelope.type() + ")", e);
        }
    }

    /** The envelope, or a reason: malformed JSON, unknown type "X", invalid field "Y": ... */
    public DecodeResult decode(String json) {
        try {
            return decodeOrFail(json);
        } catch (RuntimeException e) {
            // Belt and braces: a consumer must never crash on input, whatever Jackson does.
            return failed("could not decode: " + e);
        }
    }

    private DecodeResult decodeOrFail(String json) {
        if (json == null || json.isBlank()) {
            return failed("malformed JSON: empty message");
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            return failed("malformed JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            return failed("malformed JSON: expected an object, got " + (root == null ? "nothing" : root.getNodeType()));
        }
        JsonNode typeNode = root.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            return failed("invalid field \"type\": missing or not a string");
        }
        String type = typeNode.textValue();
        Optional<Class<? extends EventPayload>> payloadClass = EventTypes.classOf(type);
        if (payloadClass.isEmpty()) {
            return failed("unknown type \"" + echo(type) + "\"");
        }
        JsonNode payloadNode = root.get("payload");
        if (payloadNode == null || !payloadNode.isObject()) {
            return failed("invalid field \"payload\": missing or not an object");
        }
        EventPayload payload;
        try {
            payload = mapper.treeToValue(payloadNode, payloadClass.get());
        } catch (JsonProcessingException e) {
            return failed(describe(e, type));
        } catch (IllegalArgumentException e) {
            return failed(describe(e));
        }
        Header header;
        try {
            ObjectNode headerNode = ((ObjectNode) root).deepCopy();
            headerNode.remove("payload");
            header = mapper.treeToValue(headerNode, Header.class);
        } catch (JsonProcessingException e) {
            return failed(describe(e, "EventEnvelope"));
        } catch (IllegalArgumentException e) {
            return failed(describe(e));
        }
        try {
            return new DecodeResult.Decoded(header.withPayload(payload));
        } catch (IllegalArgumentException e) {
            return failed(describe(e));
        }
    }

    /** Envelope fields other than the payload, mapped first so their errors name the field. */
    private record Header(UUID eventId, String type, Integer schemaVersion, Instant occurredAt, String host,
                          String backupSet, String runId, UUID causationId) {
        EventEnvelope withPayload(EventPayload payload) {
            if (schemaVersion == null) {
                throw new InvalidFieldException("EventEnvelope.schemaVersion", "is required");
            }
            return new EventEnvelope(eventId, type, schemaVersion, occurredAt, host, backupSet, runId, causationId, payload);
        }
    }

    /** @param record the record the mapping error's path is relative to, e.g. "StreamSent" */
    private static String describe(JsonProcessingException e, String record) {
        // A record constructor refused a value: it names the field itself.
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IllegalArgumentException invalid) {
                return describe(invalid);
            }
        }
        String path = e instanceof JsonMappingException mapping
                ? mapping.getPath().stream()
                        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                        .collect(Collectors.joining("."))
                : "";
        return "invalid field \"" + (path.isEmpty() ? record : record + "." + path) + "\": " + e.getOriginalMessage();
    }

    private static String describe(IllegalArgumentException e) {
        if (e instanceof InvalidFieldException invalid) {
            return "invalid field \"" + invalid.field() + "\": " + invalid.problem();
        }
        return "invalid field: " + e.getMessage();
    }

    private static DecodeResult failed(String reason) {
        return new DecodeResult.Failed(reason);
    }

    /** Echo attacker-controlled text bounded and without control characters. */
    private static String echo(String text) {
        String shortened = text.length() > MAX_ECHO ? text.substring(0, MAX_ECHO - 3) + "..." : text;
        return shortened.replaceAll("\\p{Cntrl}", "?");
    }
}
