package org.btrfssendbackup.broker;

import java.util.Locale;

/**
 * What a broker user may do. Each agent has its own user; the role decides its permissions
 * (see {@link BrokerSecurity} for the exact matrix).
 */
public enum BrokerRole {
    /** prod-srv agent: publishes events, consumes only the producer-agent queue. */
    PRODUCER,
    /** receiver forced command: publishes only. */
    RECEIVER,
    /** pruner agent: publishes, consumes only the pruner-agent queue. */
    PRUNER,
    /** the operator console: everything, including management, audit and dead letters. */
    OPERATOR;

    /** Artemis role name. */
    public String roleName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code producer}, {@code receiver}, {@code pruner} or {@code operator}. */
    public static BrokerRole parse(String text) {
        for (BrokerRole role : values()) {
            if (role.roleName().equals(text)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown broker role \"" + text
                + "\" (expected producer, receiver, pruner or operator)");
    }
}
