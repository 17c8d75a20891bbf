package org.btrfssendbackup.broker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.btrfssendbackup.messages.QueueSpec;
import org.btrfssendbackup.messages.Topology;

/**
 * One queue per producer host at the hub (issue 16): for every host a producer user is bound to
 * in BROKER_USERS ({@code web1:producer}, {@code shared:producer@web1,web2}), the broker creates
 * {@code producer-agent.HOST} at start ({@link Topology#producerHostQueue}), so a request the
 * console publishes for that host waits there until that host's producer service takes it.
 *
 * <p>Only users bound to the host may consume it: each bound producer user also gets one role per
 * host ({@link #roleName}), and the queue's fully qualified security setting grants consume (and
 * send, for the step consumer's delayed retry copies) to that role and to the operator only. The
 * plain {@code producer} role gets nothing there: a host's user cannot read another host's queue.
 * Nothing is created on first use: auto-create stays off everywhere, so a typo or a user that is
 * not bound gets an error rather than a queue nobody fills.
 */
final class HostQueues {

    /** What starts the role of the users bound to one host: {@code producer@HOST}. */
    static final String ROLE_PREFIX = BrokerRole.PRODUCER.roleName() + "@";

    private HostQueues() {
    }

    /** Every host a producer user is bound to, sorted: the hosts that get their own queue. */
    static SortedSet<String> producerHosts(List<BrokerUser> users) {
        SortedSet<String> hosts = new TreeSet<>();
        users.stream().filter(u -> u.role() == BrokerRole.PRODUCER).forEach(u -> hosts.addAll(u.hosts()));
        return hosts;
    }

    /** The host queues to create, one per {@link #producerHosts}. */
    static List<QueueSpec> queues(List<BrokerUser> users) {
        return producerHosts(users).stream().map(Topology::producerHostQueue).toList();
    }

    /** The role that may consume {@code producer-agent.HOST}. */
    static String roleName(String host) {
        return ROLE_PREFIX + host;
    }

    /** The extra roles of one user: one per host when it is a bound producer, else none. */
    static List<String> rolesOf(BrokerUser user) {
        return user.role() == BrokerRole.PRODUCER ? new TreeSet<>(user.hosts()).stream().map(HostQueues::roleName).toList()
                : List.of();
    }

    /** Security settings for the host queues (fully qualified, so they win over the address' setting). */
    static Map<String, Set<Role>> securityRoles(List<BrokerUser> users) {
        Map<String, Set<Role>> roles = new LinkedHashMap<>();
        for (String host : producerHosts(users)) {
            roles.put(Topology.fullyQualified(Topology.producerHostQueueName(host)), Set.of(
                    BrokerSecurity.named(BrokerRole.OPERATOR.roleName(), CheckType.values()),
                    BrokerSecurity.named(roleName(host), CheckType.CONSUME, CheckType.SEND)));
        }
        return roles;
    }
}
