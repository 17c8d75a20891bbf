package org.btrfssendbackup.ops.cli;

import org.btrfssendbackup.core.cli.ExitCodes;

/**
 * The console's own exit statuses, beyond the shared {@link ExitCodes} (0 ok; 1 the operation
 * failed, or for status some backup set is not OK; 2 bad command line). Listed in every
 * command's --help.
 */
public final class ConsoleExitCodes {

    public static final int BROKER_UNREACHABLE = 3;
    /** The broker refused the user, or the password file is unusable. */
    public static final int AUTHENTICATION_REFUSED = 4;

    private ConsoleExitCodes() {
    }
}
