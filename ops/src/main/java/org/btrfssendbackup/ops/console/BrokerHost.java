package org.btrfssendbackup.ops.console;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Names an unresolvable broker host. Artemis reports it only as "Cannot connect to server(s)"
 * (the UnknownHostException goes to its own log, not into the exception the console sees), so
 * the console resolves the URL's host itself once the connection has failed.
 */
public final class BrokerHost {

    private BrokerHost() {
    }

    /** The URL's host when it does not resolve; empty when it resolves or the URL names none (vm://). */
    public static Optional<String> unknown(String brokerUrl) {
        String host;
        try {
            host = URI.create(brokerUrl.strip()).getHost();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (host == null || host.isEmpty()) {
            return Optional.empty();
        }
        try {
            InetAddress.getByName(host);
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.of(host);
        }
    }
}
