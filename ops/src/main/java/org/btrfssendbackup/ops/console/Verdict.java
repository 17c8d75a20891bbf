package org.btrfssendbackup.ops.console;

/** How a backup set is doing, as monitoring wants it. */
public enum Verdict {
    /** The last success is recent enough and nothing failed since. */
    OK,
    /** No success within the allowed age (or none at all), and nothing failed since the last one. */
    STALE,
    /** A step failed or a message was dead-lettered after the last success. */
    FAILING
}
