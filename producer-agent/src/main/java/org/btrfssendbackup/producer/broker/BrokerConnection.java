package org.btrfssendbackup.producer.broker;

import jakarta.jms.ConnectionFactory;
import java.nio.file.Path;
import java.util.Optional;
import org.btrfssendbackup.broker.BrokerClient;
import org.btrfssendbackup.broker.BrokerRole;
import org.btrfssendbackup.broker.BrokerSettings;
import org.btrfssendbackup.broker.EmbeddedBroker;
import org.btrfssendbackup.broker.PasswordFile;
import org.btrfssendbackup.broker.RedeliverySettings;
import org.btrfssendbackup.core.config.ConfigException;
import org.btrfssendbackup.core.config.ProducerConfig;

/**
 * How the producer reaches the broker. BROKER_URL set: connect with BROKER_USER and
 * BROKER_PASSWORD_FILE. BROKER_URL empty: all-in-one, an {@link EmbeddedBroker} in this JVM
 * with its data under {@code embeddedRoot} (so the seed's standalone cron setup keeps working
 * with no broker to install); its users' passwords are generated there on first use.
 */
public final class BrokerConnection implements AutoCloseable {

    public static final Path DEFAULT_EMBEDDED_ROOT = Path.of("/var/lib/btrfs-send-backup/broker");

    private final ConnectionFactory factory;
    private final Optional<EmbeddedBroker> embedded;
    private final int maxDeliveryAttempts;
    private final String description;

    private BrokerConnection(ConnectionFactory factory, Optional<EmbeddedBroker> embedded, int maxDeliveryAttempts,
                             String description) {
        this.factory = factory;
        this.embedded = embedded;
        this.maxDeliveryAttempts = maxDeliveryAttempts;
        this.description = description;
    }

    /**
     * @throws ConfigException       when BROKER_URL is set without credentials
     * @throws IllegalStateException when the embedded broker cannot start
     */
    public static BrokerConnection open(ProducerConfig config, Path embeddedRoot) {
        var settings = config.broker();
        if (settings.url().isPresent()) {
            if (settings.user().isEmpty() || settings.passwordFile().isEmpty()) {
                throw new ConfigException(config.origins().getOrDefault("BROKER_URL", "config"), 0, "BROKER_URL",
                        "a remote broker needs BROKER_USER and BROKER_PASSWORD_FILE");
            }
            BrokerClient client = BrokerClient.withPasswordFile(settings.url().get(), settings.user().get(),
                    settings.passwordFile().get());
            return new BrokerConnection(client.connectionFactory(), Optional.empty(),
                    RedeliverySettings.BACKUP_DEFAULTS.maxDeliveryAttempts(), client.toString());
        }
        return embedded(BrokerSettings.defaults(embeddedRoot.resolve("data"),
                PasswordFile.writeMissingStandardPasswords(embeddedRoot.resolve("passwords"))));
    }

    /** All-in-one with the given settings (tests and the ops launcher choose their own). */
    public static BrokerConnection embedded(BrokerSettings settings) {
        EmbeddedBroker broker = new EmbeddedBroker(settings);
        broker.start();
        Path producerPassword = settings.users().stream().filter(u -> u.role() == BrokerRole.PRODUCER)
                .findFirst().orElseThrow(() -> new IllegalStateException("the embedded broker has no producer user"))
                .passwordFile();
        BrokerClient client = new BrokerClient(broker.inVmUrl(), BrokerRole.PRODUCER.roleName(),
                PasswordFile.read(producerPassword));
        return new BrokerConnection(client.connectionFactory(), Optional.of(broker),
                settings.redelivery().maxDeliveryAttempts(), "embedded broker in " + settings.dataDirectory());
    }

    public ConnectionFactory connectionFactory() {
        return factory;
    }

    /** Deliveries before the broker dead-letters a failed step's trigger. */
    public int maxDeliveryAttempts() {
        return maxDeliveryAttempts;
    }

    public Optional<EmbeddedBroker> embeddedBroker() {
        return embedded;
    }

    @Override
    public String toString() {
        return description;
    }

    @Override
    public void close() {
        embedded.ifPresent(EmbeddedBroker::stop);
    }
}
