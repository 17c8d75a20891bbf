package org.btrfssendbackup.pruner;

import org.btrfssendbackup.core.cli.ExitCodes;

/**
 * btrfs-backup-prune's own exit statuses, beyond the shared {@link ExitCodes} (0 pruned, or
 * planned with --dry-run; 1 failed: no such set, the set stayed locked by an upload, an I/O
 * error, nothing half-deleted; 2 bad option or configuration). Also listed in its --help.
 */
public final class PruneExitCodes {

    /** Pruned, but the events could not be published to the configured broker. */
    public static final int EVENTS_NOT_PUBLISHED = 3;
    /** A check found damaged streams (prune: before deleting; scrub): named on stderr with what they take down. */
    public static final int DAMAGED = 4;

    private PruneExitCodes() {
    }
}
