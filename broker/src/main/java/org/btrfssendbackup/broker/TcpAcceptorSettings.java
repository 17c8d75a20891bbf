package org.btrfssendbackup.broker;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The optional TCP acceptor for agents on other hosts. Plain TCP is only allowed on a
 * loopback host: anything reachable from the network must use TLS (design.md section 7).
 *
 * @param tls null for plain TCP (loopback only)
 */
public record TcpAcceptorSettings(String host, int port, TlsSettings tls) {

    /** Loopback by its name alone, never by resolving it: a name that resolves differently tomorrow must not open a plain port. */
    private static final Set<String> LOOPBACK = Set.of("localhost", "::1", "0:0:0:0:0:0:0:1");
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    public TcpAcceptorSettings {
        Objects.requireNonNull(host, "TCP acceptor: host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("TCP acceptor: host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("TCP acceptor: port " + port + " is outside 0..65535");
        }
        if (tls == null && !loopback(host)) {
            throw new IllegalArgumentException("TCP acceptor on " + host + ":" + port
                    + ": plain TCP is only allowed on a loopback host; configure TLS (BROKER_TLS_KEYSTORE)");
        }
    }

    /** True for an address only this host can reach: 127.0.0.0/8, ::1 or localhost. */
    public static boolean loopback(String host) {
        return LOOPBACK.contains(host) || LOOPBACK_V4.matcher(host).matches();
    }

    public Optional<TlsSettings> tlsSettings() {
        return Optional.ofNullable(tls);
    }
}
