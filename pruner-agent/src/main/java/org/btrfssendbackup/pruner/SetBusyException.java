package org.btrfssendbackup.pruner;

import java.io.IOException;

/**
 * Another process (an upload through the receiver, another pruner) holds the set's lock.
 * An IOException so that a triggered prune is retried like any transient I/O trouble.
 */
public final class SetBusyException extends IOException {

    private static final long serialVersionUID = 1L;

    public SetBusyException(String message) {
        super(message);
    }
}
