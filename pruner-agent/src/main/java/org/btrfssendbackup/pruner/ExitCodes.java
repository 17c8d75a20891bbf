package org.btrfssendbackup.pruner;

/** Exit statuses of btrfs-backup-prune (also listed in its --help). */
public final class ExitCodes {

    /** Pruned (or planned, with --dry-run); warnings, if any, are on stderr. */
    public static final int OK = 0;
    /** The prune failed: no such set, the set stayed locked by an upload, an I/O error. Nothing is half-deleted. */
    public static final int FAILED = 1;
    /** Bad option or configuration (the message names the key). */
    public static final int USAGE = 2;
    /** Pruned, but the events could not be published to the configured broker. */
    public static final int EVENTS_NOT_PUBLISHED = 3;
    /** A check found damaged streams (prune: before deleting; scrub): named on stderr with what they take down. */
    public static final int DAMAGED = 4;

    private ExitCodes() {
    }
}
