package org.btrfssendbackup.core.metrics;

import java.util.Locale;

/**
 * A backup set's verdict as monitoring sees it: the four values of the
 * {@code btrfs_backup_set_status{status=...}} label, one of which is 1.
 */
public enum SetHealth {
    /** The last success is recent enough and nothing failed since. */
    OK,
    /** No success within the allowed age (or none at all), and nothing failed since the last one. */
    STALE,
    /** The newest run (or a step, or a message) failed after the last success. */
    FAILING,
    /** A stored stream of the set is damaged and no full backup has been stored since. */
    CORRUPT;

    /** The label value: the name in lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
