package org.btrfssendbackup.broker;

import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.messages.QueueSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
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

    private ArtemisConfiguration() {
    }

    /**
     * @param tlsKeyStorePassword null unless the TCP acceptor uses TLS
     */
    static Configuration build(BrokerSettings settings, JournalType journalType, String tlsKeyStorePassword) {
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
        config.setSecurityRoles(BrokerSecurity.roles());

        config.addAcceptorConfiguration(new TransportConfiguration(InVMAcceptorFactory.class.getName(),
                Map.of(org.apache.activemq.artemis.core.remoting.impl.invm.TransportConstants.SERVER_ID_PROP_NAME,
                        settings.inVmServerId()), "in-vm"));
        settings.tcp().ifPresent(tcp -> config.addAcceptorConfiguration(tcpAcceptor(tcp, tlsKeyStorePassword)));

        addAddressSettings(config, settings);
        addAddresses(config, settings);
        return config;
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
        for (QueueSpec spec : Topology.consumerQueues()) {
            events.addQueueConfig(QueueConfiguration.of(spec.name())
                    .setAddress(Topology.EVENTS_ADDRESS)
                    .setRoutingType(RoutingType.MULTICAST)
                    .setFilterString(spec.filter())
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
