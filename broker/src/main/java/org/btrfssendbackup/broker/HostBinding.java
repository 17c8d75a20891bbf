package org.btrfssendbackup.broker;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.activemq.artemis.core.config.DivertConfiguration;
import org.apache.activemq.artemis.core.config.TransformerConfiguration;
import org.apache.activemq.artemis.core.server.ComponentConfigurationRoutingType;
import org.btrfssendbackup.messages.Topology;

/**
 * The broker's check of an event's origin (issue 15 item 9): an event published by a user
 * bound to hosts ({@link BrokerUser#hosts}) whose envelope names another host goes to the
 * dead-letter address with a reason instead of to any queue of the events address.
 *
 * <p>One exclusive divert per bound user on the events address, its filter comparing the user
 * Artemis stamps on every message it accepts ({@code _AMQ_VALIDATED_USER}, populate-validated-
 * user is on, and it is stamped before routing, so a sender cannot choose it) with the host
 * property the publisher sets from the envelope. Exclusive diverts route before the address'
 * queues and before a fully qualified send's own queue, so a forged step trigger reaches no
 * consumer, not even through an agent's retry queue. The send itself succeeds: a refused send
 * would wedge a prod-srv's bridge, which re-sends until the hub takes it. A hub sees a
 * forwarded event as the bridge's user, so that user's binding is what is checked there.
 */
final class HostBinding {

    /** Artemis' property naming the authenticated user that sent the message. */
    static final String VALIDATED_USER = "_AMQ_VALIDATED_USER";
    static final String DIVERT_PREFIX = "host-binding-";

    private HostBinding() {
    }

    /** The diverts for every bound user; none when nobody is bound (the all-in-one setup). */
    static List<DivertConfiguration> diverts(List<BrokerUser> users) {
        return users.stream().filter(BrokerUser::bound).map(HostBinding::divert).toList();
    }

    /**
     * Matches a message of {@code user} whose host is missing or not one of its hosts. User
     * names and hosts are checked against patterns without quotes, so they are safe literals.
     */
    static String filter(BrokerUser user) {
        String hosts = sorted(user).stream().map(h -> "'" + h + "'").collect(Collectors.joining(", "));
        return VALIDATED_USER + " = '" + user.name() + "' AND (" + Topology.PROPERTY_HOST + " IS NULL OR "
                + Topology.PROPERTY_HOST + " NOT IN (" + hosts + "))";
    }

    private static DivertConfiguration divert(BrokerUser user) {
        return new DivertConfiguration()
                .setName(DIVERT_PREFIX + user.name())
                .setRoutingName(DIVERT_PREFIX + user.name())
                .setAddress(Topology.EVENTS_ADDRESS)
                .setForwardingAddress(Topology.DEAD_LETTER_ADDRESS)
                .setExclusive(true)
                .setRoutingType(ComponentConfigurationRoutingType.ANYCAST)
                .setFilterString(filter(user))
                .setTransformerConfiguration(new TransformerConfiguration(HostClaimRefusal.class.getName())
                        .setProperties(Map.of(HostClaimRefusal.BOUND_TO, String.join(",", sorted(user)))));
    }

    private static TreeSet<String> sorted(BrokerUser user) {
        return new TreeSet<>(user.hosts());
    }
}
