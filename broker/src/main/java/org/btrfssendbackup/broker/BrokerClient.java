package org.btrfssendbackup.broker;

import java.nio.file.Path;
import java.util.Objects;

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
