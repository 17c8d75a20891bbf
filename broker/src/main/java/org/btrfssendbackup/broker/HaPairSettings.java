package org.btrfssendbackup.broker;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * This hub's place in a live/backup pair with Artemis replication (topology 4): the primary is
 * active and copies every journal write to the backup over the TCP acceptor; the backup is
 * passive until the primary fails, then it takes over with the same data. The two find each
 * other through a cluster connection with one static connector, the peer.
 *
 * @param role                primary or backup
 * @param peer                the other hub's TCP acceptor as this host reaches it
 * @param advertised          this hub's TCP acceptor as the peer (and failing-over clients) reach it
 * @param clusterUser         the internal user the two hubs replicate as (Artemis' cluster user)
 * @param clusterPasswordFile its password, the same file content on both hubs
 * @param networkCheck        addresses pinged for split-brain protection: a hub that reaches none
 *                            of them stops (the primary) or does not take over (the backup); empty:
 *                            no check
 */
public record HaPairSettings(Role role, Endpoint peer, Endpoint advertised, String clusterUser, Path clusterPasswordFile,
                             List<String> networkCheck) {

    /** The default cluster user; not one of BROKER_USERS (the broker refuses a clash). */
    public static final String DEFAULT_CLUSTER_USER = "cluster";
    /** The cluster password's file name in the password directory (init makes it). */
    public static final String CLUSTER_PASSWORD_NAME = "cluster.password";

    /** Which side of the pair this hub is configured as; at run time either may be the active one. */
    public enum Role {
        PRIMARY, BACKUP;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A host and port a TCP connector can reach (a host name or an address; IPv6 without brackets). */
    public record Endpoint(String host, int port) {
        public Endpoint {
            if (host == null || host.isBlank() || !host.matches("[A-Za-z0-9.:-]+")) {
                throw new IllegalArgumentException("expected a host name or address, got \"" + host + "\"");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is outside 1..65535");
            }
        }

        boolean loopback() {
            return TcpAcceptorSettings.loopback(host);
        }

        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    public HaPairSettings {
        Objects.requireNonNull(role, "HA pair: role");
        Objects.requireNonNull(peer, "HA pair: peer");
        Objects.requireNonNull(advertised, "HA pair: advertised address");
        Objects.requireNonNull(clusterPasswordFile, "HA pair: cluster password file");
        if (clusterUser == null || !clusterUser.matches("[a-z_][a-z0-9_-]{0,31}")) {
            throw new IllegalArgumentException("HA pair: invalid cluster user \"" + clusterUser + "\"");
        }
        if (peer.equals(advertised)) {
            throw new IllegalArgumentException("HA pair: the peer " + peer + " is this hub's own address");
        }
        networkCheck = List.copyOf(networkCheck);
        for (String address : networkCheck) {
            if (!address.matches("[A-Za-z0-9.:-]+")) {
                throw new IllegalArgumentException("HA pair: network check address \"" + address + "\" is not a host name or address");
            }
        }
    }

    /**
     * Whether the replication link leaves this host: then it must use TLS, as every other listener
     * beyond loopback does.
     */
    public boolean beyondLoopback() {
        return !peer.loopback() || !advertised.loopback();
    }
}
