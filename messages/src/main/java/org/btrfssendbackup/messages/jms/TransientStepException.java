package org.btrfssendbackup.messages.jms;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A failure that is likely to go away by itself (a dropped SSH connection, a busy lock): the
 * step is retried in place a few times before the delivery fails and the broker's slower
 * redelivery takes over.
 */
public class TransientStepException extends RuntimeException {

    public TransientStepException(String message) {
        super(message);
    }

    public TransientStepException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether a failure is worth an immediate in-step retry: this type, or I/O trouble. */
    public static boolean isTransient(Throwable failure) {
        return failure instanceof TransientStepException
                || failure instanceof IOException
                || failure instanceof UncheckedIOException;
    }
}
