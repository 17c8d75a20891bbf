package org.btrfssendbackup.producer.remote;

/** The receiver's confirmation of a receive does not match what was sent: the state file must not move. */
public final class ReceiveMismatchException extends RuntimeException {
    public ReceiveMismatchException(String message) {
        super(message);
    }
}
