package org.btrfssendbackup.messages.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The type registry: wire type name (the record's simple name) to payload class and back.
 * Built from the sealed interface's permitted subclasses, so adding a record to the
 * {@code permits} clause is all it takes and no type can be forgotten here.
 */
public final class EventTypes {

    private static final Map<String, Class<? extends EventPayload>> BY_NAME = buildRegistry();

    private EventTypes() {
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Class<? extends EventPayload>> buildRegistry() {
        Map<String, Class<? extends EventPayload>> registry = new LinkedHashMap<>();
        for (Class<?> permitted : EventPayload.class.getPermittedSubclasses()) {
            registry.put(permitted.getSimpleName(), (Class<? extends EventPayload>) permitted);
        }
        return Collections.unmodifiableMap(registry);
    }

    /** Every known type name, in declaration order. */
    public static Set<String> names() {
        return BY_NAME.keySet();
    }

    /** The payload class for a wire type name, empty for an unknown type. */
    public static Optional<Class<? extends EventPayload>> classOf(String typeName) {
        return Optional.ofNullable(typeName == null ? null : BY_NAME.get(typeName));
    }

    /** The wire type name of a payload class. */
    public static String nameOf(Class<? extends EventPayload> payloadClass) {
        String name = payloadClass.getSimpleName();
        if (BY_NAME.get(name) != payloadClass) {
            throw new IllegalArgumentException("not a registered event payload class: " + payloadClass.getName());
        }
        return name;
    }

    /** The wire type name of a payload. */
    public static String nameOf(EventPayload payload) {
        return nameOf(payload.getClass());
    }
}
