package org.btrfssendbackup.broker;

/**
 * A management operation failed: broker unreachable, permission refused, no reply, or the
 * operation itself reported an error. The message names the operation and the resource.
 */
public final class BrokerManagementException extends RuntimeException {

    public BrokerManagementException(String message) {
        super(message);
    }

    public BrokerManagementException(String message, Throwable cause) {
        super(message, cause);
    }
}
