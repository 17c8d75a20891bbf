package org.btrfssendbackup.broker;

import org.btrfssendbackup.messages.Topology;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;

/**
 * Who may do what on the broker (design.md section 7). There is no guest/default user, so
 * anonymous connections are refused.
 *
 * <p>Artemis applies the most specific matching security setting and does not merge
 * settings. Consume and browse are checked against the fully qualified queue name
 * ({@code address::queue}) when a setting matches it, which is how each agent gets its own
 * queue on the shared multicast address. Anything not listed falls to {@code #}, which only
 * the operator may use (management, temporary reply queues, replay addresses).
 *
 * <table>
 *   <caption>permissions</caption>
 *   <tr><th>match</th><th>producer</th><th>receiver</th><th>pruner</th><th>operator</th></tr>
 *   <tr><td>backup.events</td><td>send</td><td>send</td><td>send</td><td>all</td></tr>
 *   <tr><td>backup.events::producer-agent</td><td>consume, send</td><td>-</td><td>-</td><td>all</td></tr>
 *   <tr><td>backup.events::producer-agent.HOST ({@link HostQueues})</td><td>consume, send: only users bound to HOST</td><td>-</td><td>-</td><td>all</td></tr>
 *   <tr><td>backup.events::pruner-agent</td><td>-</td><td>-</td><td>consume, send</td><td>all</td></tr>
 *   <tr><td>backup.events::audit</td><td>-</td><td>-</td><td>-</td><td>all</td></tr>
 *   <tr><td>backup.dead-letter</td><td>send</td><td>-</td><td>send</td><td>all</td></tr>
 *   <tr><td># (management, everything else)</td><td>-</td><td>-</td><td>-</td><td>all</td></tr>
 * </table>
 *
 * <p>Consuming agents may send to the dead-letter address so that a consumer can dead-letter
 * a malformed or unknown event itself, with a reason; they cannot read it. They may send to
 * their own queue (fully qualified): a step consumer schedules the next attempt of a failed
 * trigger as a delayed copy there, so the consumer's retry limit holds whatever the broker's
 * max-delivery-attempts (they can already reach that queue through the address).
 */
final class BrokerSecurity {

    private BrokerSecurity() {
    }

    /** Security settings keyed by match. */
    static Map<String, Set<Role>> roles() {
        String events = Topology.EVENTS_ADDRESS;
        Map<String, Set<Role>> roles = new LinkedHashMap<>();
        roles.put("#", Set.of(all(BrokerRole.OPERATOR)));
        roles.put(events, Set.of(all(BrokerRole.OPERATOR),
                role(BrokerRole.PRODUCER, CheckType.SEND),
                role(BrokerRole.RECEIVER, CheckType.SEND),
                role(BrokerRole.PRUNER, CheckType.SEND)));
        roles.put(Topology.fullyQualified(Topology.PRODUCER_AGENT_QUEUE.name()),
                Set.of(all(BrokerRole.OPERATOR), role(BrokerRole.PRODUCER, CheckType.CONSUME, CheckType.SEND)));
        roles.put(Topology.fullyQualified(Topology.PRUNER_AGENT_QUEUE.name()),
                Set.of(all(BrokerRole.OPERATOR), role(BrokerRole.PRUNER, CheckType.CONSUME, CheckType.SEND)));
        roles.put(Topology.fullyQualified(Topology.AUDIT_QUEUE), Set.of(all(BrokerRole.OPERATOR)));
        roles.put(Topology.DEAD_LETTER_ADDRESS, Set.of(all(BrokerRole.OPERATOR),
                role(BrokerRole.PRODUCER, CheckType.SEND),
                role(BrokerRole.PRUNER, CheckType.SEND)));
        return roles;
    }

    /** A JAAS security manager holding exactly the given users (name to password) and their roles. */
    static ActiveMQJAASSecurityManager securityManager(Map<BrokerUser, String> passwords) {
        SecurityConfiguration users = new SecurityConfiguration();
        passwords.forEach((user, password) -> {
            users.addUser(user.name(), password);
            users.addRole(user.name(), user.role().roleName());
            HostQueues.rolesOf(user).forEach(hostRole -> users.addRole(user.name(), hostRole));
        });
        return new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users);
    }

    private static Role all(BrokerRole role) {
        return role(role, CheckType.values());
    }

    private static Role role(BrokerRole brokerRole, CheckType... granted) {
        return named(brokerRole.roleName(), granted);
    }

    /** A role of any name (e.g. {@link HostQueues}' per-host roles) with exactly the given permissions. */
    static Role named(String roleName, CheckType... granted) {
        Set<CheckType> set = EnumSet.noneOf(CheckType.class);
        set.addAll(Set.of(granted));
        Role role = new Role();
        role.setName(roleName);
        return withPermissions(role, set);
    }

    private static Role withPermissions(Role role, Set<CheckType> granted) {
        role.setSend(granted.contains(CheckType.SEND));
        role.setConsume(granted.contains(CheckType.CONSUME));
        role.setCreateDurableQueue(granted.contains(CheckType.CREATE_DURABLE_QUEUE));
        role.setDeleteDurableQueue(granted.contains(CheckType.DELETE_DURABLE_QUEUE));
        role.setCreateNonDurableQueue(granted.contains(CheckType.CREATE_NON_DURABLE_QUEUE));
        role.setDeleteNonDurableQueue(granted.contains(CheckType.DELETE_NON_DURABLE_QUEUE));
        role.setManage(granted.contains(CheckType.MANAGE));
        role.setBrowse(granted.contains(CheckType.BROWSE));
        role.setCreateAddress(granted.contains(CheckType.CREATE_ADDRESS));
        role.setDeleteAddress(granted.contains(CheckType.DELETE_ADDRESS));
        role.setView(granted.contains(CheckType.VIEW));
        role.setEdit(granted.contains(CheckType.EDIT));
        return role;
    }

    static String describe(Map<String, Set<Role>> roles) {
        return roles.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().stream().map(Role::getName).sorted()
                .collect(Collectors.joining(","))).collect(Collectors.joining("; "));
    }
}
