package org.btrfssendbackup.broker;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.messages.event.Require;

/**
 * One broker login: its name, its role, the root-owned file holding its password, and the
 * hosts whose events it may publish. The password itself is read only when the broker starts
 * ({@link PasswordFile}), so settings never hold secrets.
 *
 * <p>{@code hosts} empty means unbound: any host. Only producer and receiver users are ever
 * bound ({@link HostBinding} dead-letters an event of theirs that names another host); the
 * operator publishes requests for every host and the pruner runs on backup-srv, which is
 * trusted with every set.
 */
public record BrokerUser(String name, BrokerRole role, Path passwordFile, Set<String> hosts) {

    private static final String NAME_PATTERN = "[a-z][a-z0-9._-]{0,63}";

    public BrokerUser {
        Objects.requireNonNull(role, "broker user: role");
        Objects.requireNonNull(passwordFile, "broker user: password file");
        Objects.requireNonNull(hosts, "broker user: hosts");
        if (name == null || !name.matches(NAME_PATTERN)) {
            throw new IllegalArgumentException("broker user: invalid name \"" + name + "\" (expected " + NAME_PATTERN + ")");
        }
        for (String host : hosts) {
            if (host == null || !Require.HOST.matcher(host).matches()) {
                throw new IllegalArgumentException("broker user " + name + ": invalid host \"" + host + "\" (expected "
                        + Require.HOST.pattern() + ")");
            }
        }
        if (role == BrokerRole.PRODUCER) {
            for (String host : hosts) {
                try {
                    Topology.producerHostQueueName(host); // each bound producer host gets a queue of that name
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("broker user " + name + ": " + e.getMessage(), e);
                }
            }
        }
        if (!hosts.isEmpty() && !bindable(role)) {
            throw new IllegalArgumentException("broker user " + name + ": the " + role.roleName()
                    + " role is never bound to hosts (only producer and receiver users are)");
        }
        hosts = Set.copyOf(hosts);
    }

    /** A user without an explicit host list: bound by {@link #defaultHosts}. */
    public BrokerUser(String name, BrokerRole role, Path passwordFile) {
        this(name, role, passwordFile, defaultHosts(name, role));
    }

    /**
     * The binding when none is configured: a producer or receiver user named other than its
     * role (web1:producer) is bound to the host of its own name; the standard {@code producer}
     * and {@code receiver} users stay unbound, as in the all-in-one and seed-compatible setups.
     */
    static Set<String> defaultHosts(String name, BrokerRole role) {
        if (!bindable(role) || role.roleName().equals(name)) {
            return Set.of();
        }
        return Set.of(name);
    }

    /** True when this user may publish events of some hosts only. */
    public boolean bound() {
        return !hosts.isEmpty();
    }

    private static boolean bindable(BrokerRole role) {
        return role == BrokerRole.PRODUCER || role == BrokerRole.RECEIVER;
    }
}
