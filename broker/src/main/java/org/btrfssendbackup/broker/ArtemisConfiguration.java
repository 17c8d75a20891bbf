package org.btrfssendbackup.broker;

import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.messages.QueueSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.BridgeConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.TransformerConfiguration;
import org.apache.activemq.artemis.core.server.ComponentConfigurationRoutingType;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.utils.critical.CriticalAnalyzerPolicy;

/** Builds the Artemis configuration from {@link BrokerSettings}; no XML, nothing implicit. */
final class ArtemisConfiguration {

    /** Duplicate ids remembered per address; a run emits a few dozen events. */
    static final int DUPLICATE_ID_CACHE_SIZE = 20_000;
    /** How many dead letters one management listing returns (Artemis' default is 200). */
    static final int DEAD_LETTER_LIST_LIMIT = 10_000;
    /** The hub's connector, named by the bridge. */
    static final String HUB_CONNECTOR = "hub";
    /** Bytes sent to the hub before the bridge waits for its confirmations (events are about 1 KiB). */
    static final int HUB_CONFIRMATION_WINDOW_BYTES = 1024 * 1024;

    private ArtemisConfiguration() {
    }

    /**
     * @param tlsKeyStorePassword null unless the TCP acceptor uses TLS
     */
    static Configuration build(BrokerSettings settings, JournalType journalType, String tlsKeyStorePassword) {
        return build(settings, journalType, tlsKeyStorePassword, null);
    }

    /**
     * @param hubPassword null unless the settings forward to a hub: the bridge's password there
     */
    static Configuration build(BrokerSettings settings, JournalType journalType, String tlsKeyStorePassword,
                               String hubPassword) {
        return build(settings, journalType, tlsKeyStorePassword, hubPassword, null);
    }

    /**
     * @param clusterPassword null unless the settings make this hub one side of an HA pair
     */
    static Configuration build(BrokerSettings settings, JournalType journalType, String tlsKeyStorePassword,
                               String hubPassword, String clusterPassword) {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName(settings.brokerName());
        config.setPersistenceEnabled(true);
        config.setJournalType(journalType);
        int bufferTimeoutNanos = (int) settings.journalBufferTimeout().toNanos();
        config.setJournalBufferTimeout_NIO(bufferTimeoutNanos);
        config.setJournalBufferTimeout_AIO(bufferTimeoutNanos);
        config.setJournalDirectory(settings.journalDirectory().toString());
        config.setBindingsDirectory(settings.bindingsDirectory().toString());
        config.setPagingDirectory(settings.pagingDirectory().toString());
        config.setLargeMessagesDirectory(settings.largeMessagesDirectory().toString());
        config.setJournalRetentionDirectory(settings.retentionDirectory().toString());
        config.setJournalRetentionPeriod(TimeUnit.MILLISECONDS, settings.retention().period().toMillis());
        config.setJournalRetentionMaxBytes(settings.retention().maxBytes());
        config.setMaxDiskUsage(settings.maxDiskUsagePercent());
        if (settings.globalMaxSizeBytes() > 0) {
            config.setGlobalMaxSize(settings.globalMaxSizeBytes());
        }
        // A stalled component (slow disk during a big btrfs send) must be logged, not kill the hub.
        config.setCriticalAnalyzer(true);
        config.setCriticalAnalyzerPolicy(CriticalAnalyzerPolicy.LOG);
        config.setIDCacheSize(DUPLICATE_ID_CACHE_SIZE);
        config.setPersistIDCache(true);
        config.setSecurityEnabled(true);
        // Every stored message names the agent user that published it (_AMQ_VALIDATED_USER).
        config.setPopulateValidatedUser(true);
        config.setJMXManagementEnabled(false);
        Map<String, Set<Role>> roles = BrokerSecurity.roles();
        if (settings.forwardToHub().isEmpty()) {
            roles.putAll(HostQueues.securityRoles(settings.users()));
        }
        config.setSecurityRoles(roles);

        config.addAcceptorConfiguration(new TransportConfiguration(InVMAcceptorFactory.class.getName(),
                Map.of(org.apache.activemq.artemis.core.remoting.impl.invm.TransportConstants.SERVER_ID_PROP_NAME,
                        settings.inVmServerId()), "in-vm"));
        settings.tcp().ifPresent(tcp -> config.addAcceptorConfiguration(tcpAcceptor(tcp, tlsKeyStorePassword)));

        addAddressSettings(config, settings);
        addAddresses(config, settings);
        // After the addresses: a divert needs its address. Checked here, where every host's events meet.
        config.setDivertConfigurations(HostBinding.diverts(settings.users()));
        settings.forwardToHub().ifPresent(forward -> addHubBridge(config, settings.brokerName(), forward, hubPassword));
        settings.haPairSettings().ifPresent(pair -> HaPairConfiguration.apply(config, settings, pair, clusterPassword));
        return config;
    }

    /**
     * The core bridge to the hub: store-and-forward of every event. Reconnects forever (also
     * when the hub is down at start); an event leaves the local queue only when the hub has
     * confirmed it (confirmation window), so a crash or cut connection resends the unconfirmed
     * ones. Those are dropped at the hub by their own duplicate id, the event id: the bridge's
     * own duplicate detection is off because Artemis then checks only the bridge's id (local node
     * and message id) and ignores the event's, which would let a local journal that was rebuilt
     * deliver an event twice.
     */
    private static void addHubBridge(Configuration config, String localName, HubForwardSettings forward, String password) {
        List<String> connectors = HubConnectors.add(config, HUB_CONNECTOR, forward.hubUrl());
        config.setBridgeConfigurations(List.of(new BridgeConfiguration()
                .setName(HubForwardSettings.BRIDGE_NAME)
                .setQueueName(HubForwardSettings.FORWARD_QUEUE)
                .setForwardingAddress(Topology.EVENTS_ADDRESS)
                .setRoutingType(ComponentConfigurationRoutingType.MULTICAST)
                .setStaticConnectors(connectors)
                .setUser(forward.user())
                .setPassword(password)
                .setInitialConnectAttempts(-1)
                .setReconnectAttempts(-1)
                .setRetryInterval(forward.retryInterval().toMillis())
                .setRetryIntervalMultiplier(forward.retryMultiplier())
                .setMaxRetryInterval(forward.maxRetryInterval().toMillis())
                .setUseDuplicateDetection(false)
                .setConfirmationWindowSize(HUB_CONFIRMATION_WINDOW_BYTES)
                .setTransformerConfiguration(new TransformerConfiguration(ForwardedMark.class.getName())
                        .setProperties(Map.of(ForwardedMark.FROM_PROPERTY, localName)))));
    }

    private static TransportConfiguration tcpAcceptor(TcpAcceptorSettings tcp, String keyStorePassword) {
        Map<String, Object> params = new HashMap<>();
        params.put(TransportConstants.HOST_PROP_NAME, tcp.host());
        params.put(TransportConstants.PORT_PROP_NAME, tcp.port());
        params.put(TransportConstants.PROTOCOLS_PROP_NAME, "CORE");
        tcp.tlsSettings().ifPresent(tls -> {
            params.put(TransportConstants.SSL_ENABLED_PROP_NAME, true);
            params.put(TransportConstants.KEYSTORE_PATH_PROP_NAME, tls.keyStore().toString());
            params.put(TransportConstants.KEYSTORE_TYPE_PROP_NAME, tls.keyStoreType());
            params.put(TransportConstants.KEYSTORE_PASSWORD_PROP_NAME, keyStorePassword);
        });
        return new TransportConfiguration(NettyAcceptorFactory.class.getName(), params, "tcp");
    }

    private static void addAddressSettings(Configuration config, BrokerSettings settings) {
        // Everything: nothing is created implicitly (a typo must fail, not create a queue
        // nobody reads), and a full disk or memory limit fails the publisher loudly.
        config.addAddressSetting("#", new AddressSettings()
                .setAutoCreateAddresses(false)
                .setAutoCreateQueues(false)
                .setAutoCreateDeadLetterResources(false)
                .setAutoCreateExpiryResources(false)
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.FAIL));

        RedeliverySettings redelivery = settings.redelivery();
        config.addAddressSetting(Topology.EVENTS_ADDRESS, new AddressSettings()
                .setAutoCreateAddresses(false)
                .setAutoCreateQueues(false)
                .setAutoCreateDeadLetterResources(false)
                .setAutoCreateExpiryResources(false)
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.FAIL)
                .setRedeliveryDelay(redelivery.delay().toMillis())
                .setRedeliveryMultiplier(redelivery.multiplier())
                .setMaxRedeliveryDelay(redelivery.maxDelay().toMillis())
                .setMaxDeliveryAttempts(redelivery.maxDeliveryAttempts())
                .setDeadLetterAddress(SimpleString.of(Topology.DEAD_LETTER_ADDRESS)));

        // Dead letters wait for the operator: never redelivered elsewhere, never dropped.
        config.addAddressSetting(Topology.DEAD_LETTER_ADDRESS, new AddressSettings()
                .setAutoCreateAddresses(false)
                .setAutoCreateQueues(false)
                .setAutoCreateDeadLetterResources(false)
                .setAutoCreateExpiryResources(false)
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.FAIL)
                .setMaxDeliveryAttempts(-1)
                .setManagementBrowsePageSize(DEAD_LETTER_LIST_LIMIT));
    }

    private static void addAddresses(Configuration config, BrokerSettings settings) {
        CoreAddressConfiguration events = new CoreAddressConfiguration()
                .setName(Topology.EVENTS_ADDRESS)
                .addRoutingType(RoutingType.MULTICAST);
        events.addQueueConfig(QueueConfiguration.of(Topology.AUDIT_QUEUE)
                .setAddress(Topology.EVENTS_ADDRESS)
                .setRoutingType(RoutingType.MULTICAST)
                .setDurable(true)
                .setRingSize(settings.auditRingSize()));
        // A producer's local broker: only its own producer-agent queue (the other agents consume
        // at the hub, and its users are never bound). Else one queue per bound producer host, and
        // the shared queue leaves those hosts' triggers to them.
        boolean local = settings.forwardToHub().isPresent();
        List<QueueSpec> queues = local ? List.of(Topology.PRODUCER_AGENT_QUEUE)
                : Stream.concat(Stream.of(
                        Topology.producerAgentQueue(HostQueues.producerHosts(settings.users())),
                        Topology.PRUNER_AGENT_QUEUE), HostQueues.queues(settings.users()).stream()).toList();
        for (QueueSpec spec : queues) {
            events.addQueueConfig(QueueConfiguration.of(spec.name())
                    .setAddress(Topology.EVENTS_ADDRESS)
                    .setRoutingType(RoutingType.MULTICAST)
                    .setFilterString(spec.filter())
                    .setDurable(true));
        }
        if (settings.forwardToHub().isPresent()) {
            events.addQueueConfig(QueueConfiguration.of(HubForwardSettings.FORWARD_QUEUE)
                    .setAddress(Topology.EVENTS_ADDRESS)
                    .setRoutingType(RoutingType.MULTICAST)
                    .setDurable(true));
        }
        config.addAddressConfiguration(events);

        config.addAddressConfiguration(new CoreAddressConfiguration()
                .setName(Topology.DEAD_LETTER_ADDRESS)
                .addRoutingType(RoutingType.ANYCAST)
                .addQueueConfig(QueueConfiguration.of(Topology.DEAD_LETTER_QUEUE)
                        .setAddress(Topology.DEAD_LETTER_ADDRESS)
                        .setRoutingType(RoutingType.ANYCAST)
                        .setDurable(true)));
    }
}
