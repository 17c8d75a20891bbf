package org.btrfssendbackup.ops.cli;

/**
 * A failure the console reports as one line with a chosen exit status (see {@link ExitCodes}),
 * e.g. "no dead letter with id 42".
 */
public final class ConsoleFailure extends RuntimeException {

    private final int exitCode;

    public ConsoleFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public ConsoleFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
