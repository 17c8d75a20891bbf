package org.btrfssendbackup.broker;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;

/** Small helpers shared by the operator tools. */
final class OperatorConnections {

    private OperatorConnections() {
    }

    /** What an operator tool makes of its fresh connection (it owns it from then on). */
    @FunctionalInterface
    interface Tool<T> {
        T over(Connection connection) throws JMSException;
    }

    /**
     * Connects as the client's user and hands the connection to the tool: the one way the
     * operator tools (management, dead letters, audit log, replay) connect. On any failure the
     * connection is closed again and the error says what for, where and as whom.
     *
     * @param purpose what the connection is for, e.g. "connect to dead-letter queue"
     */
    static <T> T open(BrokerClient client, String purpose, Tool<T> tool) {
        Connection connection = null;
        try {
            connection = client.connect();
            return tool.over(connection);
        } catch (JMSException | RuntimeException e) {
            closeQuietly(connection);
            throw new BrokerManagementException(purpose + " at " + client.url() + " as " + client.user()
                    + ": " + e.getMessage(), e);
        }
    }

    static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException ignored) {
                // closing on a failure path: the original error matters more
            }
        }
    }
}
