package org.btrfssendbackup.producer;

import org.btrfssendbackup.core.cli.ExitCodes;

/**
 * The producer's own exit status, beyond the shared {@link ExitCodes} (0 ok, 1 the backup failed
 * or {@code config check} found the configuration invalid, 2 bad configuration or usage).
 */
public final class ProducerExitCodes {

    /** Another backup run holds LOCK_FILE (without --wait). */
    public static final int LOCKED = 3;

    private ProducerExitCodes() {
    }
}
