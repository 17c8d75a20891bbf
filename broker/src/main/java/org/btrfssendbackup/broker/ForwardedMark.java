package org.btrfssendbackup.broker;

import java.util.Map;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.transformer.Transformer;
import org.btrfssendbackup.messages.Topology;

/**
 * The hub bridge's transformer: marks each forwarded event with the local broker's name
 * ({@link Topology#PROPERTY_FORWARDED_FROM}), so the hub's producer-agent queue does not take
 * the producer's own step triggers, which it already consumed locally. Artemis creates it by
 * class name and hands it a copy of the local message, so the local copy stays unmarked.
 */
public final class ForwardedMark implements Transformer {

    static final String FROM_PROPERTY = "from";

    private String from = "unknown";

    @Override
    public void init(Map<String, String> properties) {
        from = properties.getOrDefault(FROM_PROPERTY, from);
    }

    @Override
    public Message transform(Message message) {
        message.putStringProperty(Topology.PROPERTY_FORWARDED_FROM, from);
        return message;
    }
}
