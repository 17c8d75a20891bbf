package org.btrfssendbackup.ops.cli;

/** The console's exit statuses; listed in every command's --help. */
public final class ExitCodes {

    public static final int OK = 0;
    /** The operation failed, or (status) some backup set is not OK. */
    public static final int FAILED = 1;
    /** Bad command line (picocli's own usage status). */
    public static final int USAGE = 2;
    public static final int BROKER_UNREACHABLE = 3;
    /** The broker refused the user, or the password file is unusable. */
    public static final int AUTHENTICATION_REFUSED = 4;

    private ExitCodes() {
    }
}
