package org.btrfssendbackup.core.cli;

/**
 * The exit statuses every command shares (the producer, the pruner, the broker and the ops
 * console). A command's own statuses start at 3 and live beside it (ProducerExitCodes,
 * PruneExitCodes, ConsoleExitCodes); each command's --help lists the ones it can return.
 */
public final class ExitCodes {

    /** The command did what it was asked. */
    public static final int OK = 0;
    /** The operation failed (the message on stderr says which and why); for a check: it found a problem. */
    public static final int FAILED = 1;
    /** Bad command line or configuration: nothing was done (picocli's own usage status too). */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
