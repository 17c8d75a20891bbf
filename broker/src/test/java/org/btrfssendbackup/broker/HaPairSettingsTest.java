package org.btrfssendbackup.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.ClusterConnectionConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.ha.ReplicaPolicyConfiguration;
import org.apache.activemq.artemis.core.config.ha.ReplicatedPolicyConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * broker.conf's BROKER_HA_* keys (topology 4: a replicated primary/backup pair) as read, refused
 * and turned into Artemis' configuration; the failover itself runs in ops' HubPairFailoverTest.
 */
class HaPairSettingsTest {

    @TempDir
    Path dir;

    @Test
    void aPrimaryBehindTlsReadsItsPeerAdvertisedAddressAndDefaults() throws IOException {
        BrokerSettings settings = read(
                "BROKER_TCP_ACCEPTOR=0.0.0.0:61617",
                "BROKER_TLS_KEYSTORE=/etc/btrfs-send-backup/broker-keystore.p12",
                "BROKER_TLS_KEYSTORE_PASSWORD_FILE=/etc/btrfs-send-backup/broker-keystore.password",
                "BROKER_HA_ROLE=primary",
                "BROKER_HA_PEER=hub-b.example.org:61617",
                "BROKER_HA_ADVERTISE=hub-a.example.org:61617",
                "BROKER_HA_NETWORK_CHECK=\"10.0.0.1, 10.0.0.254\"");
        HaPairSettings pair = settings.haPairSettings().orElseThrow();
        assertThat(pair.role()).isEqualTo(HaPairSettings.Role.PRIMARY);
        assertThat(pair.peer()).isEqualTo(new HaPairSettings.Endpoint("hub-b.example.org", 61617));
        assertThat(pair.advertised()).isEqualTo(new HaPairSettings.Endpoint("hub-a.example.org", 61617));
        assertThat(pair.clusterUser()).isEqualTo("cluster");
        assertThat(pair.clusterPasswordFile()).isEqualTo(Path.of("/etc/btrfs-send-backup/broker/cluster.password"));
        assertThat(pair.networkCheck()).containsExactly("10.0.0.1", "10.0.0.254");
    }

    @Test
    void withoutARoleAHubIsNoPairAndAnAcceptorOnOneAddressIsWhatThePeerReaches() throws IOException {
        assertThat(read("BROKER_TCP_ACCEPTOR=127.0.0.1:61616").haPairSettings()).isEmpty();
        HaPairSettings pair = read("BROKER_TCP_ACCEPTOR=127.0.0.1:61616", "BROKER_HA_ROLE=backup",
                "BROKER_HA_PEER=127.0.0.2:61616").haPairSettings().orElseThrow();
        assertThat(pair.role()).isEqualTo(HaPairSettings.Role.BACKUP);
        assertThat(pair.advertised()).isEqualTo(new HaPairSettings.Endpoint("127.0.0.1", 61616));
    }

    @ParameterizedTest(name = "{1}={2}")
    @CsvSource(delimiter = '|', value = {
        // line 2 is the key under test; line 1 the acceptor (loopback, plain), line 3 a filler
        "BROKER_TCP_ACCEPTOR=127.0.0.1:61616 | BROKER_HA_ROLE | leader | primary or backup",
        "BROKER_TCP_ACCEPTOR=127.0.0.1:61616 | BROKER_HA_PEER | hub-b | expected HOST:PORT",
        "BROKER_TCP_ACCEPTOR=127.0.0.1:61616 | BROKER_HA_PEER | 127.0.0.1:61616 | this hub's own address",
        "BROKER_TCP_ACCEPTOR=127.0.0.1:61616 | BROKER_HA_PEER | 10.0.0.2:61616 | needs TLS",
        "BROKER_TCP_ACCEPTOR=127.0.0.1:61616 | BROKER_HA_ADVERTISE | 10.0.0.1:61616 | needs TLS",
        "BROKER_TCP_ACCEPTOR=127.0.0.1:61616 | BROKER_HA_CLUSTER_USER | operator | also in BROKER_USERS",
        "BROKER_TCP_ACCEPTOR=127.0.0.1:61616 | BROKER_HA_CLUSTER_USER | Bad User | invalid cluster user",
        "BROKER_TCP_ACCEPTOR=127.0.0.1:61616 | BROKER_HA_CLUSTER_PASSWORD_FILE | relative | absolute path",
        "BROKER_TCP_ACCEPTOR=127.0.0.1:61616 | BROKER_HA_NETWORK_CHECK | 10.0.0.1;reboot | not a host name",
    })
    void aBadValueNamesFileLineAndKey(String acceptor, String key, String value, String problem) throws IOException {
        List<String> lines = new ArrayList<>(List.of(acceptor, key + "=\"" + value + "\"", "BROKER_HA_ROLE=primary",
                "BROKER_HA_PEER=127.0.0.2:61616"));
        if (key.equals("BROKER_HA_ROLE")) {
            lines.remove(2);
        } else if (key.equals("BROKER_HA_PEER")) {
            lines.remove(3);
        }
        Path file = write(lines.toArray(String[]::new));
        assertThatThrownBy(() -> BrokerSettings.fromConfigFile(file, w -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ":2: " + key)
                .hasMessageContaining(problem);
    }

    @Test
    void aRoleNeedsTheAcceptorAndAPeerAndTheOtherKeysNeedARole() throws IOException {
        Path noAcceptor = write("BROKER_NAME=hub", "BROKER_HA_ROLE=backup", "BROKER_HA_PEER=127.0.0.2:61616");
        assertThatThrownBy(() -> BrokerSettings.fromConfigFile(noAcceptor, w -> { }))
                .hasMessageStartingWith(noAcceptor + ":2: BROKER_HA_ROLE=backup").hasMessageContaining("BROKER_TCP_ACCEPTOR");
        Path noPeer = write("BROKER_TCP_ACCEPTOR=127.0.0.1:61616", "BROKER_HA_ROLE=backup");
        assertThatThrownBy(() -> BrokerSettings.fromConfigFile(noPeer, w -> { }))
                .hasMessageStartingWith(noPeer + ": BROKER_HA_PEER").hasMessageContaining("required with BROKER_HA_ROLE");
        Path wildcard = write("BROKER_TCP_ACCEPTOR=0.0.0.0:61617", "BROKER_TLS_KEYSTORE=/k.p12", "BROKER_TLS_KEYSTORE_PASSWORD_FILE=/k.pw",
                "BROKER_HA_ROLE=primary", "BROKER_HA_PEER=hub-b:61617");
        assertThatThrownBy(() -> BrokerSettings.fromConfigFile(wildcard, w -> { }))
                .hasMessageContaining("BROKER_HA_ADVERTISE").hasMessageContaining("binds every interface");
        Path orphan = write("BROKER_TCP_ACCEPTOR=127.0.0.1:61616", "BROKER_HA_PEER=127.0.0.2:61616");
        assertThatThrownBy(() -> BrokerSettings.fromConfigFile(orphan, w -> { }))
                .hasMessageStartingWith(orphan + ":2: BROKER_HA_PEER").hasMessageContaining("set BROKER_HA_ROLE");
    }

    @Test
    void aProducersLocalBrokerIsNeverPartOfAPair() {
        BrokerSettings pair = BrokerSettings.defaults(Path.of("/var/lib/b"), Path.of("/etc/b"))
                .withTcpAcceptor(new TcpAcceptorSettings("127.0.0.1", 61616, null))
                .withHaPair(loopbackPair(HaPairSettings.Role.PRIMARY));
        assertThatThrownBy(() -> pair.withForwardToHub(HubForwardSettings.to("tcp://hub:61617", "producer", Path.of("/p"))))
                .hasMessageContaining("cannot be part of an HA pair");
    }

    @Test
    void thePrimaryChecksForAnActiveBackupAndTheBackupNeverFailsBack() {
        Configuration primary = artemis(HaPairSettings.Role.PRIMARY, null);
        assertThat(primary.getHAPolicyConfiguration()).isInstanceOfSatisfying(ReplicatedPolicyConfiguration.class, p -> {
            assertThat(p.isCheckForActiveServer()).isTrue();
            assertThat(p.getClusterName()).isEqualTo(HaPairConfiguration.CLUSTER_NAME);
        });
        Configuration backup = artemis(HaPairSettings.Role.BACKUP, null);
        assertThat(backup.getHAPolicyConfiguration()).isInstanceOfSatisfying(ReplicaPolicyConfiguration.class, p -> {
            assertThat(p.isAllowFailBack()).isFalse();
            assertThat(p.getClusterName()).isEqualTo(HaPairConfiguration.CLUSTER_NAME);
        });
        ClusterConnectionConfiguration cluster = backup.getClusterConfigurations().get(0);
        assertThat(cluster.getConnectorName()).isEqualTo(HaPairConfiguration.SELF_CONNECTOR);
        assertThat(cluster.getStaticConnectors()).containsExactly(HaPairConfiguration.PEER_CONNECTOR);
        assertThat(backup.getClusterUser()).isEqualTo("cluster");
        assertThat(backup.getClusterPassword()).isEqualTo("cluster-secret");
        assertThat(backup.getNetworkCheckList()).isEqualTo("192.0.2.1");
        TransportConfiguration peer = backup.getConnectorConfigurations().get(HaPairConfiguration.PEER_CONNECTOR);
        assertThat(peer.getParams()).containsEntry("host", "127.0.0.2").containsEntry("port", 61616)
                .doesNotContainKey("sslEnabled");
        // A hub without a pair has none of it.
        Configuration single = ArtemisConfiguration.build(BrokerSettings.defaults(Path.of("/var/lib/b"), Path.of("/etc/b")),
                JournalType.NIO, null);
        assertThat(single.getClusterConfigurations()).isEmpty();
        assertThat(single.getHAPolicyConfiguration()).isNull();
    }

    @Test
    void theReplicationLinkUsesTlsWithTheHubsTrustStoreWhenTheAcceptorDoes() {
        TlsSettings tls = new TlsSettings(Path.of("/etc/btrfs-send-backup/broker-keystore.p12"),
                Path.of("/etc/btrfs-send-backup/broker-keystore.password"), "PKCS12");
        Configuration config = artemis(HaPairSettings.Role.PRIMARY, tls);
        for (String name : List.of(HaPairConfiguration.SELF_CONNECTOR, HaPairConfiguration.PEER_CONNECTOR)) {
            assertThat(config.getConnectorConfigurations().get(name).getParams())
                    .containsEntry("sslEnabled", true)
                    .containsEntry("trustStorePath", "/etc/btrfs-send-backup/" + HubTlsFiles.TRUST_STORE_NAME);
        }
    }

    @Test
    void aBrokerUrlListingBothHubsGivesTheBridgeAConnectorForEach() {
        ConfigurationImpl config = new ConfigurationImpl();
        List<String> names = HubConnectors.add(config, "hub",
                "(tcp://hub-a:61617,tcp://hub-b:61618)?sslEnabled=true;trustStorePath=/etc/btrfs-send-backup/broker-truststore.p12");
        assertThat(names).containsExactly("hub", "hub-1");
        Map<String, TransportConfiguration> connectors = config.getConnectorConfigurations();
        assertThat(connectors.get("hub").getParams()).containsEntry("host", "hub-a").containsEntry("port", "61617")
                .containsEntry("sslEnabled", "true");
        assertThat(connectors.get("hub-1").getParams()).containsEntry("host", "hub-b").containsEntry("port", "61618")
                .containsEntry("trustStorePath", "/etc/btrfs-send-backup/broker-truststore.p12");

        ConfigurationImpl single = new ConfigurationImpl();
        assertThat(HubConnectors.add(single, "hub", "tcp://hub-a:61617")).containsExactly("hub");
        assertThat(single.getConnectorConfigurations()).containsOnlyKeys("hub");
    }

    @Test
    void theConsoleOnAHubOfThePairNamesItsPeerSecond() throws IOException {
        BrokerSettings settings = read(
                "BROKER_TCP_ACCEPTOR=0.0.0.0:61617",
                "BROKER_TLS_KEYSTORE=/etc/btrfs-send-backup/broker-keystore.p12",
                "BROKER_TLS_KEYSTORE_PASSWORD_FILE=/etc/btrfs-send-backup/broker-keystore.password",
                "BROKER_HA_ROLE=backup",
                "BROKER_HA_PEER=hub-a.example.org:61617",
                "BROKER_HA_ADVERTISE=hub-b.example.org:61617");
        HubTlsFiles tls = HubTlsFiles.of(settings, Path.of("/etc/btrfs-send-backup/broker.conf"));
        assertThat(HubClientUrl.onBrokerHost(settings, tls)).contains("(tcp://localhost:61617,tcp://hub-a.example.org:61617)"
                + "?sslEnabled=true;trustStorePath=/etc/btrfs-send-backup/" + HubTlsFiles.TRUST_STORE_NAME);
    }

    @ParameterizedTest(name = "active={0} in sync={1}: {2}")
    @CsvSource({"false, false, PASSIVE", "false, true, IN_SYNC", "true, false, ACTIVE", "true, true, ACTIVE_REPLICATED"})
    void theMonitorNamesWhatAHubOfThePairIsDoing(boolean active, boolean inSync, HaPairMonitor.State state) {
        assertThat(HaPairMonitor.stateOf(active, inSync)).isEqualTo(state);
    }

    private static HaPairSettings loopbackPair(HaPairSettings.Role role) {
        return new HaPairSettings(role, new HaPairSettings.Endpoint("127.0.0.2", 61616),
                new HaPairSettings.Endpoint("127.0.0.1", 61616), "cluster", Path.of("/etc/b/cluster.password"), List.of("192.0.2.1"));
    }

    private static Configuration artemis(HaPairSettings.Role role, TlsSettings tls) {
        BrokerSettings settings = BrokerSettings.defaults(Path.of("/var/lib/b"), Path.of("/etc/b"))
                .withTcpAcceptor(new TcpAcceptorSettings("127.0.0.1", 61616, tls))
                .withHaPair(loopbackPair(role));
        return ArtemisConfiguration.build(settings, JournalType.NIO, tls == null ? null : "store-secret", null, "cluster-secret");
    }

    private BrokerSettings read(String... lines) throws IOException {
        return BrokerSettings.fromConfigFile(write(lines), w -> { });
    }

    private Path write(String... lines) throws IOException {
        Path file = Files.createTempFile(dir, "broker", ".conf");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }
}
