package org.btrfssendbackup.broker;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * How every agent and the ops console reach the broker: a URL ({@code vm://0} in all-in-one
 * mode, {@code tcp://backup-srv:61617?sslEnabled=true;trustStorePath=...} remotely) and the
 * agent's own user. The password never appears in {@link #toString()}.
 */
public final class BrokerClient {

    private final String url;
    private final String user;
    private final String password;

    public BrokerClient(String url, String user, String password) {
        if (url == null || !(url.startsWith("vm://") || url.startsWith("tcp://") || url.startsWith("("))) {
            throw new IllegalArgumentException("broker client: URL must start with vm:// or tcp://, got " + url);
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("broker client for " + url + ": user must not be blank");
        }
        this.url = url;
        this.user = user;
        this.password = Objects.requireNonNull(password, "broker client: password");
    }

    /** Reads the password from a root-owned file ({@link PasswordFile}). */
    public static BrokerClient withPasswordFile(String url, String user, Path passwordFile) {
        return new BrokerClient(url, user, PasswordFile.read(passwordFile));
    }

    /**
     * The client an agent's BROKER_URL, BROKER_USER and BROKER_PASSWORD_FILE describe, the one
     * place every agent turns those keys into a client; empty when BROKER_URL is not set. The
     * config reader has already refused a URL without a login, naming the key and line. The
     * password file is read now, so call it where the connection is made.
     */
    public static Optional<BrokerClient> configured(org.btrfssendbackup.core.config.BrokerSettings settings) {
        if (settings.url().isEmpty()) {
            return Optional.empty();
        }
        String url = settings.url().get();
        if (settings.user().isEmpty() || settings.passwordFile().isEmpty()) {
            // Only settings built in code, not read from a file, get here.
            throw new IllegalArgumentException("broker client for " + url
                    + ": BROKER_USER and BROKER_PASSWORD_FILE are not set (the broker refuses anonymous connections)");
        }
        return Optional.of(withPasswordFile(url, settings.user().get(), settings.passwordFile().get()));
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    /** A new factory; durable sends block until the broker has stored them, so failures surface as exceptions. */
    public ConnectionFactory connectionFactory() {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url, user, password);
        factory.setBlockOnDurableSend(true);
        return factory;
    }

    /** A new, not yet started connection; the caller closes it. */
    public Connection connect() throws JMSException {
        return connectionFactory().createConnection();
    }

    @Override
    public String toString() {
        return "BrokerClient[" + url + " as " + user + "]";
    }
}
