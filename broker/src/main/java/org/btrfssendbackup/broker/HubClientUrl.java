package org.btrfssendbackup.broker;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The URL a client uses to reach a broker's TCP acceptor: with TLS, {@code sslEnabled} and
 * the trust store {@code btrfs-backup-broker init} made (no trust store password: it holds
 * only the hub's public certificate). Host name verification stays Artemis' default (off): the
 * trust store holds this one self-signed certificate and nothing else, so only the hub's key
 * can complete the handshake whatever name the client used.
 */
public final class HubClientUrl {

    /** Addresses that mean "every interface": a client on the same host reaches them through loopback. */
    private static final Set<String> WILDCARD = Set.of("0.0.0.0", "::", "0:0:0:0:0:0:0:0");

    private HubClientUrl() {
    }

    /** {@code tcp://HOST:PORT}, with TLS {@code ?sslEnabled=true;trustStorePath=TRUSTSTORE}. */
    public static String of(String host, int port, Optional<Path> trustStore) {
        String authority = host.contains(":") ? "[" + host + "]" : host;
        return "tcp://" + authority + ":" + port + trustStore.map(t -> "?sslEnabled=true;trustStorePath=" + t).orElse("");
    }

    /**
     * Both hubs of an HA pair in one URL, {@code (tcp://A:P,tcp://B:P)?sslEnabled=true;trustStorePath=...}: a
     * client tries them in turn, so it reaches whichever one is active (a passive backup opens no port).
     */
    public static String ofPair(String host, int port, HaPairSettings.Endpoint peer, Optional<Path> trustStore) {
        String first = of(host, port, Optional.empty());
        String second = of(peer.host(), peer.port(), Optional.empty());
        return "(" + first + "," + second + ")" + trustStore.map(t -> "?sslEnabled=true;trustStorePath=" + t).orElse("");
    }

    /** Whether a bind address means every interface. */
    static boolean wildcard(String host) {
        return WILDCARD.contains(host);
    }

    /**
     * The URL for a client on the broker's own host (the console on backup-srv), or empty when
     * the broker has no TCP acceptor: a wildcard bind is reached through localhost, a bind to one
     * address through that address; a hub of an HA pair lists its peer second.
     */
    public static Optional<String> onBrokerHost(BrokerSettings settings, HubTlsFiles tls) {
        return settings.tcp().map(tcp -> {
            String host = WILDCARD.contains(tcp.host()) ? "localhost" : tcp.host();
            Optional<Path> trustStore = tcp.tlsSettings().map(t -> tls.trustStore());
            // One hub of a pair: the console follows to the peer when this one is passive or down.
            return settings.haPairSettings().map(pair -> ofPair(host, tcp.port(), pair.peer(), trustStore))
                    .orElseGet(() -> of(host, tcp.port(), trustStore));
        });
    }

    /** The URL as messages show it: without its parameters, which may name a trust store and its password. */
    public static String withoutParameters(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
