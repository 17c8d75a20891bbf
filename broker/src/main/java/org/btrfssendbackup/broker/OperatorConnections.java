package org.btrfssendbackup.broker;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;

/** Small helpers shared by the operator tools. */
final class OperatorConnections {

    private OperatorConnections() {
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
