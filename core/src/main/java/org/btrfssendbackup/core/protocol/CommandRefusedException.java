package org.btrfssendbackup.core.protocol;

/**
 * The receiver will not do what was asked (exit status 2, a CommandRefused event): a bad or
 * unknown command, or a put-stream that would overwrite, go back in time or jump ahead.
 */
public class CommandRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CommandRefusedException(String reason) {
        super(reason);
    }
}
