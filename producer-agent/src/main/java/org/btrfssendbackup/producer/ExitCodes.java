package org.btrfssendbackup.producer;

/** The exit statuses of btrfs-send-backup, as --help documents them. */
public final class ExitCodes {

    /** The backup run succeeded (or the configuration is valid). */
    public static final int OK = 0;
    /** The backup failed: a step failed on its last attempt, the broker is unreachable, ... */
    public static final int BACKUP_FAILED = 1;
    /** {@code config check}: the configuration is not valid (the check itself worked). */
    public static final int CONFIG_INVALID = 1;
    /** Bad configuration or usage: nothing was done. */
    public static final int BAD_CONFIG = 2;
    /** Another backup run holds LOCK_FILE (without --wait). */
    public static final int LOCKED = 3;

    private ExitCodes() {
    }
}
