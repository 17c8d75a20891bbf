package org.btrfssendbackup.core.process;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A finished invocation whose exit status was accepted.
 *
 * @param command    what ran
 * @param exitStatus its exit status (one of {@link CommandLine#acceptedExitStatus()})
 * @param stdout     captured standard output; empty unless {@link StdoutMode#capture()} was used
 * @param stderrTail the last part of standard error (bounded), decoded as UTF-8
 * @param elapsed    wall-clock time from start to exit
 */
public record CommandResult(CommandLine command, int exitStatus, byte[] stdout, String stderrTail,
                            Duration elapsed) {

    public CommandResult {
        Objects.requireNonNull(command, "command");
        stdout = Objects.requireNonNull(stdout, "stdout").clone();
        Objects.requireNonNull(stderrTail, "stderrTail");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    @Override
    public byte[] stdout() {
        return stdout.clone();
    }

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public List<String> stdoutLines() {
        return stdoutText().lines().toList();
    }

    public boolean exitedWith(int status) {
        return exitStatus == status;
    }

    @Override
    public String toString() {
        return "CommandResult[" + command + " -> " + exitStatus + ", " + stdout.length + " bytes stdout]";
    }
}
