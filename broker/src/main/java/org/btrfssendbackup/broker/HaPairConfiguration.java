package org.btrfssendbackup.broker;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.ClusterConnectionConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.ha.ReplicaPolicyConfiguration;
import org.apache.activemq.artemis.core.config.ha.ReplicatedPolicyConfiguration;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyConnectorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
import org.apache.activemq.artemis.core.server.cluster.impl.MessageLoadBalancingType;

/**
 * The Artemis side of a live/backup pair ({@link HaPairSettings}): replication HA policy, the
 * cluster connection to the peer (the primary and the backup find each other through it), the
 * cluster user, and the network check against split brain. Kept apart from
 * {@link ArtemisConfiguration}, which calls {@link #apply} once.
 *
 * <p>Classic replication ("quorum voting") with no third broker: a single pair has no quorum,
 * so the backup takes over as soon as its replication connection to the primary fails. The
 * network check is what keeps an isolated hub from being active: the backup takes over only
 * when it can ping one of the check addresses, and an active hub that can reach none of them
 * stops. No failback: a restarted primary finds the active backup (check-for-active-server),
 * becomes its passive replica, and the two have swapped roles until the next failure.
 */
final class HaPairConfiguration {

    static final String CLUSTER_NAME = "hub-pair";
    static final String SELF_CONNECTOR = "ha-self";
    static final String PEER_CONNECTOR = "ha-peer";
    /** How often the network check pings; Artemis' default. */
    static final long NETWORK_CHECK_PERIOD_MILLIS = 10_000;
    static final int NETWORK_CHECK_TIMEOUT_MILLIS = 1_000;
    /** Reconnect to the peer every 0.5 s and check it every 2 s: a dead peer is noticed within seconds (a killed one at once). */
    static final long CLUSTER_RETRY_MILLIS = 500;
    static final long CLUSTER_FAILURE_CHECK_MILLIS = 2_000;
    static final long CLUSTER_CONNECTION_TTL_MILLIS = 10_000;

    private HaPairConfiguration() {
    }

    /**
     * @param clusterPassword the pair's cluster password (read from its file by the caller)
     */
    static void apply(Configuration config, BrokerSettings settings, HaPairSettings pair, String clusterPassword) {
        config.addConnectorConfiguration(SELF_CONNECTOR, connector(SELF_CONNECTOR, pair.advertised(), settings));
        config.addConnectorConfiguration(PEER_CONNECTOR, connector(PEER_CONNECTOR, pair.peer(), settings));
        config.setClusterUser(pair.clusterUser());
        config.setClusterPassword(clusterPassword);
        config.setClusterConfigurations(List.of(new ClusterConnectionConfiguration()
                .setName(CLUSTER_NAME)
                .setConnectorName(SELF_CONNECTOR)
                .setStaticConnectors(List.of(PEER_CONNECTOR))
                // One active node at a time: nothing to balance, and no message moves between the two.
                .setMessageLoadBalancingType(MessageLoadBalancingType.OFF)
                .setMaxHops(1)
                .setRetryInterval(CLUSTER_RETRY_MILLIS)
                .setReconnectAttempts(-1)
                .setClientFailureCheckPeriod(CLUSTER_FAILURE_CHECK_MILLIS)
                .setConnectionTTL(CLUSTER_CONNECTION_TTL_MILLIS)));
        switch (pair.role()) {
            case PRIMARY -> config.setHAPolicyConfiguration(new ReplicatedPolicyConfiguration()
                    .setClusterName(CLUSTER_NAME)
                    // A primary restarted after a failover must not start a second active hub with older data.
                    .setCheckForActiveServer(true));
            case BACKUP -> config.setHAPolicyConfiguration(new ReplicaPolicyConfiguration()
                    .setClusterName(CLUSTER_NAME)
                    // No failback: the active backup stays active when the primary returns (one failover, not two).
                    .setAllowFailBack(false)
                    .setRestartBackup(true));
        }
        if (!pair.networkCheck().isEmpty()) {
            config.setNetworkCheckList(String.join(",", pair.networkCheck()));
            config.setNetworkCheckPeriod(NETWORK_CHECK_PERIOD_MILLIS);
            config.setNetworkCheckTimeout(NETWORK_CHECK_TIMEOUT_MILLIS);
        }
    }

    /** A connector to one hub's acceptor: TLS with the hub's trust store whenever the acceptor has TLS. */
    static TransportConfiguration connector(String name, HaPairSettings.Endpoint endpoint, BrokerSettings settings) {
        Map<String, Object> params = new HashMap<>();
        params.put(TransportConstants.HOST_PROP_NAME, endpoint.host());
        params.put(TransportConstants.PORT_PROP_NAME, endpoint.port());
        settings.tcp().flatMap(TcpAcceptorSettings::tlsSettings).ifPresent(tls -> {
            params.put(TransportConstants.SSL_ENABLED_PROP_NAME, true);
            params.put(TransportConstants.TRUSTSTORE_PATH_PROP_NAME,
                    tls.keyStore().resolveSibling(HubTlsFiles.TRUST_STORE_NAME).toString());
        });
        return new TransportConfiguration(NettyConnectorFactory.class.getName(), params, name);
    }
}
