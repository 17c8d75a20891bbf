package org.btrfssendbackup.messages;

import java.util.Objects;

/**
 * One durable queue bound to {@link Topology#EVENTS_ADDRESS}, with the JMS selector that
 * decides which events it receives. The broker creates these at start-up so that no event
 * is ever dropped for lack of a queue; agents consume them by name.
 *
 * @param name   queue name, also the name of the agent that consumes it
 * @param filter JMS selector over the message string properties of {@link Topology}
 */
public record QueueSpec(String name, String filter) {
    public QueueSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("QueueSpec: name must not be blank");
        }
        Objects.requireNonNull(filter, "QueueSpec: filter must not be null (use the audit queue for everything)");
        if (filter.isBlank()) {
            throw new IllegalArgumentException("QueueSpec " + name + ": filter must not be blank");
        }
    }

    /**
     * A queue that receives exactly the given event types, selected on the {@code type}
     * message property.
     */
    public static QueueSpec forTypes(String name, String... typeNames) {
        if (typeNames.length == 0) {
            throw new IllegalArgumentException("QueueSpec " + name + ": at least one event type is needed");
        }
        StringBuilder selector = new StringBuilder(Topology.PROPERTY_TYPE).append(" IN (");
        for (int i = 0; i < typeNames.length; i++) {
            if (!typeNames[i].matches("[A-Za-z][A-Za-z0-9]*")) {
                // Type names are spliced into a selector: refuse anything that could break out of the quotes.
                throw new IllegalArgumentException("QueueSpec " + name + ": invalid event type name \"" + typeNames[i] + "\"");
            }
            selector.append(i == 0 ? "" : ", ").append('\'').append(typeNames[i]).append('\'');
        }
        return new QueueSpec(name, selector.append(')').toString());
    }

    /**
     * Fully qualified queue name ({@code address::queue}). Artemis needs it to consume a
     * queue whose name differs from its (multicast) address.
     */
    public String fullyQualifiedName() {
        return Topology.fullyQualified(name);
    }
}
