package org.btrfssendbackup.pruner;

/** The set to prune has no directory under BACKUP_ROOT: a typo or a request for a set this host does not store. */
public final class UnknownSetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnknownSetException(String message) {
        super(message);
    }
}
