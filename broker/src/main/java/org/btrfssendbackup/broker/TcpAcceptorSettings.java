package org.btrfssendbackup.broker;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The optional TCP acceptor for agents on other hosts. Plain TCP is only allowed on a
 * loopback host: anything reachable from the network must use TLS (design.md section 7).
 *
 * @param tls null for plain TCP (loopback only)
 */
public record TcpAcceptorSettings(String host, int port, TlsSettings tls) {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1");

    public TcpAcceptorSettings {
        Objects.requireNonNull(host, "TCP acceptor: host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("TCP acceptor: host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("TCP acceptor: port " + port + " is outside 0..65535");
        }
        if (tls == null && !LOOPBACK.contains(host)) {
            throw new IllegalArgumentException("TCP acceptor on " + host + ":" + port
                    + ": plain TCP is only allowed on a loopback host; configure TLS (BROKER_TLS_KEYSTORE)");
        }
    }

    public Optional<TlsSettings> tlsSettings() {
        return Optional.ofNullable(tls);
    }
}
