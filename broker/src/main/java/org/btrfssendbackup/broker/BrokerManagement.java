package org.btrfssendbackup.broker;

import java.time.Duration;
import java.util.Arrays;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;

import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;

/**
 * Artemis management over an ordinary JMS connection: a request message to
 * {@code activemq.management}, the reply on a temporary queue. It needs no in-process access,
 * so the console works against a standalone broker; the broker only accepts it from a user
 * with the manage permission (the operator).
 */
public final class BrokerManagement implements AutoCloseable {

    public static final String MANAGEMENT_ADDRESS = "activemq.management";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final Connection connection;
    private final Session session;
    private final MessageProducer producer;
    private final TemporaryQueue replies;
    private final MessageConsumer replyConsumer;
    private final Duration timeout;
    private final boolean ownsConnection;

    private BrokerManagement(Connection connection, Duration timeout, boolean ownsConnection) throws JMSException {
        this.connection = connection;
        this.timeout = timeout;
        this.ownsConnection = ownsConnection;
        connection.start();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue managementQueue = session.createQueue(MANAGEMENT_ADDRESS);
        producer = session.createProducer(managementQueue);
        replies = session.createTemporaryQueue();
        replyConsumer = session.createConsumer(replies);
    }

    /**
     * Opens its own connection as the client's user.
     *
     * @throws BrokerManagementException when the broker is unreachable or the user may not manage it
     */
    public static BrokerManagement connect(BrokerClient client) {
        return connect(client, DEFAULT_TIMEOUT);
    }

    public static BrokerManagement connect(BrokerClient client, Duration timeout) {
        return OperatorConnections.open(client, "connect to broker management",
                connection -> new BrokerManagement(connection, timeout, true));
    }

    /**
     * Management over an existing connection (its own session); {@link #close()} leaves the
     * connection open. Starts the connection.
     */
    public static BrokerManagement over(Connection connection, Duration timeout) {
        try {
            return new BrokerManagement(connection, timeout, false);
        } catch (JMSException | RuntimeException e) {
            throw new BrokerManagementException("open broker management session: " + e.getMessage(), e);
        }
    }

    /** Resource name of a queue's control, e.g. {@code queue.backup.dead-letter}. */
    public static String queueResource(String queueName) {
        return ResourceNames.QUEUE + queueName;
    }

    /** Resource name of an address' control. */
    public static String addressResource(String addressName) {
        return ResourceNames.ADDRESS + addressName;
    }

    /** Resource name of the broker (server) control. */
    public static String brokerResource() {
        return ResourceNames.BROKER;
    }

    /**
     * Invokes an operation of a control and returns its result (numbers come back as
     * Long/Integer/Double, JSON operations as String).
     */
    public synchronized Object invoke(String resource, String operation, Object... arguments) {
        String what = operation + Arrays.toString(arguments) + " on " + resource;
        try {
            Message request = session.createMessage();
            JMSManagementHelper.putOperationInvocation(request, resource, operation, arguments);
            return call(request, what);
        } catch (JMSException e) {
            throw new BrokerManagementException("management " + what + ": " + e.getMessage(), e);
        }
    }

    /** Reads an attribute of a control, e.g. {@code messageCount} of a queue. */
    public synchronized Object attribute(String resource, String attribute) {
        String what = "read " + attribute + " of " + resource;
        try {
            Message request = session.createMessage();
            JMSManagementHelper.putAttribute(request, resource, attribute);
            return call(request, what);
        } catch (JMSException e) {
            throw new BrokerManagementException("management " + what + ": " + e.getMessage(), e);
        }
    }

    /** {@link #invoke} for operations returning a number. */
    public long invokeForLong(String resource, String operation, Object... arguments) {
        Object result = invoke(resource, operation, arguments);
        if (!(result instanceof Number number)) {
            throw new BrokerManagementException("management " + operation + " on " + resource + ": expected a number, got " + result);
        }
        return number.longValue();
    }

    private Object call(Message request, String what) throws JMSException {
        request.setJMSReplyTo(replies);
        producer.send(request);
        Message reply = replyConsumer.receive(timeout.toMillis());
        if (reply == null) {
            throw new BrokerManagementException("management " + what + ": no reply within " + timeout.toSeconds() + " s");
        }
        Object result;
        try {
            result = JMSManagementHelper.getResult(reply);
        } catch (Exception e) {
            throw new BrokerManagementException("management " + what + ": unreadable reply: " + e.getMessage(), e);
        }
        if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
            throw new BrokerManagementException("management " + what + " failed: " + result);
        }
        return result;
    }

    @Override
    public void close() {
        if (ownsConnection) {
            OperatorConnections.closeQuietly(connection);
        } else {
            try {
                session.close();
            } catch (JMSException ignored) {
                // the connection's owner closes it anyway
            }
        }
    }
}
