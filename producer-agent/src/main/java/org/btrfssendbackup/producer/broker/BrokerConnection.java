package org.btrfssendbackup.producer.broker;

import jakarta.jms.ConnectionFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.btrfssendbackup.broker.BrokerClient;
import org.btrfssendbackup.broker.BrokerRole;
import org.btrfssendbackup.broker.BrokerSettings;
import org.btrfssendbackup.broker.EmbeddedBroker;
import org.btrfssendbackup.broker.HubForwardSettings;
import org.btrfssendbackup.broker.PasswordFile;
import org.btrfssendbackup.core.config.ConfigException;
import org.btrfssendbackup.core.config.ProducerConfig;

/**
 * How the producer reaches the broker. BROKER_URL empty: all-in-one, an {@link EmbeddedBroker}
 * in this JVM with its data under {@code embeddedRoot} (so the seed's standalone cron setup
 * keeps working with no broker to install); its users' passwords are generated there on first
 * use. BROKER_URL naming the hub ({@code tcp://}): the broker is not in the data path
 * (design.md section 8), so the steps run on a local embedded broker in LOCAL_BROKER_DIR whose
 * core bridge forwards every event to the hub as BROKER_USER (BROKER_PASSWORD_FILE), whenever
 * the hub can be reached; a hub that is down costs no backup. A {@code vm://} URL (a broker in
 * this JVM) is used directly.
 */
public final class BrokerConnection implements AutoCloseable {

    public static final Path DEFAULT_EMBEDDED_ROOT = Path.of("/var/lib/btrfs-send-backup/broker");
    /** The local broker's Artemis name (the hub sees it as forwardedFrom on every event). */
    public static final String LOCAL_BROKER_NAME = "btrfs-send-backup-local";

    private final ConnectionFactory factory;
    private final Optional<EmbeddedBroker> embedded;
    private final String description;

    private BrokerConnection(ConnectionFactory factory, Optional<EmbeddedBroker> embedded, String description) {
        this.factory = factory;
        this.embedded = embedded;
        this.description = description;
    }

    /**
     * @throws IllegalStateException when the embedded broker cannot start
     */
    public static BrokerConnection open(ProducerConfig config, Path embeddedRoot) {
        var settings = config.broker();
        if (settings.url().isPresent()) {
            if (settings.url().get().startsWith("vm://")) {
                BrokerClient client = BrokerClient.configured(settings).orElseThrow();
                return new BrokerConnection(client.connectionFactory(), Optional.empty(), client.toString());
            }
            return embedded(localSettings(config));
        }
        return embedded(BrokerSettings.defaults(embeddedRoot.resolve("data"),
                PasswordFile.writeMissingStandardPasswords(embeddedRoot.resolve("passwords"))));
    }

    /**
     * The producer's local broker when BROKER_URL names the hub: data and its own users' passwords
     * (generated on first use) in LOCAL_BROKER_DIR, every event forwarded to the hub.
     *
     * @throws IllegalArgumentException when BROKER_URL is not a URL the bridge can use
     */
    public static BrokerSettings localSettings(ProducerConfig config) {
        var settings = config.broker();
        Path root = settings.localBrokerDir();
        HubForwardSettings forward;
        try {
            forward = HubForwardSettings.to(settings.url().orElseThrow(), settings.user().orElseThrow(),
                    settings.passwordFile().orElseThrow());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(config.origins().getOrDefault("BROKER_URL", "config"), 0, "BROKER_URL", e.getMessage());
        }
        return BrokerSettings.defaults(root.resolve("data"), PasswordFile.writeMissingStandardPasswords(root.resolve("passwords")))
                .withBrokerName(LOCAL_BROKER_NAME)
                .withForwardToHub(forward);
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
        String description = settings.forwardToHub()
                .map(f -> "local broker in " + settings.dataDirectory() + ", " + f)
                .orElse("embedded broker in " + settings.dataDirectory());
        return new BrokerConnection(client.connectionFactory(), Optional.of(broker), description);
    }

    public ConnectionFactory connectionFactory() {
        return factory;
    }

    public Optional<EmbeddedBroker> embeddedBroker() {
        return embedded;
    }

    /** Whether events go to a hub through this process's local broker (the notice and count below apply). */
    public boolean forwardsToHub() {
        return embedded.map(b -> b.settings().forwardToHub().isPresent()).orElse(false);
    }

    /**
     * Waits up to {@code timeout} for the hub to confirm every event in the local journal.
     *
     * @return the events still waiting to be forwarded (0 when this connection does not forward)
     */
    public long awaitForwarded(Duration timeout) throws InterruptedException {
        return forwardsToHub() ? embedded.get().awaitForwarded(timeout) : 0;
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
