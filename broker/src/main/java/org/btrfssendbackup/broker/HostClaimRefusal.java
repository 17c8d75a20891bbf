package org.btrfssendbackup.broker;

import java.util.Map;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.transformer.Transformer;
import org.btrfssendbackup.messages.Topology;

/**
 * The {@link HostBinding} divert's transformer: writes on the dead-lettered copy why it was
 * refused, in the property the console's {@code dlq list} shows ("host web2 claimed by broker
 * user web1, bound to web1"). The body stays as sent. Artemis creates it by class name.
 */
public final class HostClaimRefusal implements Transformer {

    static final String BOUND_TO = "boundTo";

    private String boundTo = "?";

    @Override
    public void init(Map<String, String> properties) {
        boundTo = properties.getOrDefault(BOUND_TO, boundTo);
    }

    @Override
    public Message transform(Message message) {
        message.putStringProperty(Topology.PROPERTY_DEAD_LETTER_REASON, reason(
                message.getStringProperty(Topology.PROPERTY_HOST), message.getStringProperty(HostBinding.VALIDATED_USER),
                boundTo));
        // As a consumer's own dead letter (DeadLetterSender): the event id moves out of the
        // duplicate id, which backup.events has already recorded for the original send.
        String eventId = DuplicateIds.text(message.removeProperty(Message.HDR_DUPLICATE_DETECTION_ID));
        if (eventId != null) {
            message.putStringProperty(Topology.PROPERTY_EVENT_ID, eventId);
        }
        return message;
    }

    static String reason(String host, String user, String boundTo) {
        return (host == null ? "no host" : "host " + host) + " claimed by broker user " + user + ", bound to " + boundTo;
    }
}
