package org.btrfssendbackup.core.protocol;

import java.util.Optional;

/**
 * The receiver will not do what was asked (exit status 2, a CommandRefused event): a bad or
 * unknown command, or a put-stream that would overwrite, go back in time or jump ahead.
 */
public class CommandRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The request refused inside the command (a read-session's request line), if it was one. */
    private final String request;

    public CommandRefusedException(String reason) {
        this(reason, null);
    }

    /** @param request the request line refused inside the command run (a read-session's), for the event */
    public CommandRefusedException(String reason, String request) {
        super(reason);
        this.request = request;
    }

    /** The request line refused inside the command, when the refusal was of one (not of the command itself). */
    public Optional<String> request() {
        return Optional.ofNullable(request);
    }
}
