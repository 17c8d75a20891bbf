package org.btrfssendbackup.messages;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one Jackson configuration of the project. Every module that reads or writes event
 * JSON uses {@link #mapper()}, so the wire format cannot drift between agents.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            // Instants as "2024-05-01T02:00:00Z", readable in the console and in golden files.
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            // Newer producers may add fields; older consumers must keep working (design.md §3).
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // "attempt": null is a bug, not zero.
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            // Deterministic output: a wire-format change is a visible diff in the golden files.
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private EventJson() {
    }

    /** The shared, thread-safe mapper. Do not reconfigure it; use {@code copy()} for a variant. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
