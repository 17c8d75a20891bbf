package org.btrfssendbackup.receiver.store;

/**
 * A command that was accepted but could not be completed (exit status 1): disk full, I/O
 * error, a truncated upload, another upload to the same set in progress. Retrying later may
 * succeed; nothing is left under a final name.
 */
public class ReceiveFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReceiveFailedException(String message) {
        super(message);
    }

    public ReceiveFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
