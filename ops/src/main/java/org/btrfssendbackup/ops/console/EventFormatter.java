package org.btrfssendbackup.ops.console;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.btrfssendbackup.messages.EventJson;

/**
 * Turns an event into one line: a fixed-width human line for the terminal (time, type, set,
 * host, summary) or one compact JSON document (for JSON lines). Used by {@code events tail},
 * {@code events list}, {@code events replay} and the all-in-one launcher's event timeline.
 */
public final class EventFormatter {

    private static final ObjectMapper JSON = EventJson.mapper();
    private static final int TYPE_WIDTH = 16;
    private static final int SET_WIDTH = 16;
    private static final int HOST_WIDTH = 12;

    private EventFormatter() {
    }

    /** UTC with milliseconds always, so the columns line up. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** {@code 2024-05-01T02:00:03.120Z  StreamSent       prod-srv/rootfs  prod-srv     rootfs-2024... incr ...}. */
    public static String human(EventLine event) {
        return TIME.format(event.time()) + "  " + pad(event.type(), TYPE_WIDTH) + " " + pad(event.backupSet(), SET_WIDTH) + " "
                + pad(event.host(), HOST_WIDTH) + " " + summary(event);
    }

    /** The short payload summary, or what is wrong with an undecodable event. */
    public static String summary(EventLine event) {
        return event.isDecoded() ? PayloadSummary.of(event.envelope().payload()) : "UNDECODABLE: " + event.problem();
    }

    /**
     * The event's fields as a map ready for {@link EventJson#mapper()}: the routing fields,
     * times, summary, the full event as sent ({@code event}) when decodable, otherwise the
     * {@code problem} and the raw {@code body}.
     */
    public static Map<String, Object> jsonFields(EventLine event) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("eventId", event.eventId());
        fields.put("type", event.type());
        fields.put("backupSet", event.backupSet());
        fields.put("host", event.host());
        fields.put("runId", event.runId());
        fields.put("occurredAt", event.occurredAt());
        fields.put("publishedAt", event.publishedAt());
        fields.put("publishedBy", event.publishedBy());
        fields.put("summary", summary(event));
        if (event.isDecoded()) {
            fields.put("event", JSON.valueToTree(event.envelope()));
        } else {
            fields.put("problem", event.problem());
            fields.put("body", event.body());
        }
        return fields;
    }

    /** One compact JSON document without line breaks (a JSON line). */
    public static String json(EventLine event) {
        return toJsonLine(jsonFields(event));
    }

    /** Compact JSON of any value through the shared mapper. */
    public static String toJsonLine(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("format console output as JSON: " + e.getOriginalMessage(), e);
        }
    }


    private static String pad(String value, int width) {
        String text = value == null ? "-" : value;
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
