package org.btrfssendbackup.core.process;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An external program did not do its job: it could not be started, exited with a status the
 * caller did not accept, ran past its timeout, produced more output than allowed, or its
 * input could not be delivered. The one failure type of the process runner.
 */
public class ProcessFailedException extends RuntimeException {

    /** Exit status reported when the program never exited on its own. */
    public static final int NO_EXIT_STATUS = -1;

    private static final int STDERR_LINES_IN_MESSAGE = 5;

    /** Why the invocation failed. */
    public enum Reason {
        START_FAILED, EXIT_STATUS, TIMED_OUT, OUTPUT_TOO_LARGE, IO_ERROR
    }

    private final transient CommandLine command;
    private final List<String> argv;
    private final int exitStatus;
    private final String stderrTail;
    private final Reason reason;

    public ProcessFailedException(CommandLine command, Reason reason, int exitStatus, String stderrTail,
                                  String detail, Throwable cause) {
        super(message(command, reason, exitStatus, stderrTail, detail), cause);
        this.command = Objects.requireNonNull(command, "command");
        this.argv = command.argv();
        this.reason = Objects.requireNonNull(reason, "reason");
        this.exitStatus = exitStatus;
        this.stderrTail = stderrTail == null ? "" : stderrTail;
    }

    static ProcessFailedException exitStatus(CommandLine command, int status, String stderrTail) {
        return new ProcessFailedException(command, Reason.EXIT_STATUS, status, stderrTail, null, null);
    }

    static ProcessFailedException startFailed(CommandLine command, Throwable cause) {
        return new ProcessFailedException(command, Reason.START_FAILED, NO_EXIT_STATUS, "",
                "could not start program '" + command.program() + "': " + cause.getMessage(), cause);
    }

    public CommandLine command() {
        return command;
    }

    public List<String> argv() {
        return argv;
    }

    /** The exit status, or {@link #NO_EXIT_STATUS} when the program did not exit on its own. */
    public int exitStatus() {
        return exitStatus;
    }

    public String stderrTail() {
        return stderrTail;
    }

    public Reason reason() {
        return reason;
    }

    private static String message(CommandLine command, Reason reason, int exitStatus, String stderrTail,
                                  String detail) {
        StringBuilder b = new StringBuilder();
        b.append(command.operation()).append(" failed: ");
        switch (reason) {
            case EXIT_STATUS -> b.append("exit status ").append(exitStatus);
            case START_FAILED -> b.append("not started");
            case TIMED_OUT -> b.append("timed out");
            case OUTPUT_TOO_LARGE -> b.append("output too large");
            case IO_ERROR -> b.append("I/O error");
        }
        if (detail != null && !detail.isBlank()) {
            b.append(" (").append(detail).append(')');
        }
        b.append(" running `").append(command).append('`');
        String firstLines = stderrTail == null ? "" : stderrTail.lines()
                .filter(l -> !l.isBlank())
                .limit(STDERR_LINES_IN_MESSAGE)
                .collect(Collectors.joining(" | "));
        if (!firstLines.isEmpty()) {
            b.append(": ").append(firstLines);
        }
        return b.toString();
    }
}
