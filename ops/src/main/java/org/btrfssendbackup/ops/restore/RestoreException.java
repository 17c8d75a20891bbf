package org.btrfssendbackup.ops.restore;

/**
 * A restore cannot go on. The message is meant for the operator as is: it names the stream file
 * or snapshot and the cause (missing link, bad checksum, wrong passphrase, truncated file ...).
 */
public final class RestoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public RestoreException(String message) {
        super(message);
    }

    public RestoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
