package org.btrfssendbackup.core.protocol;

import java.time.Duration;
import java.util.Objects;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.process.RunningProcess;
import org.btrfssendbackup.core.process.StdinSource;
import org.btrfssendbackup.core.process.StdoutMode;
import org.btrfssendbackup.core.tools.SshArgs;

/**
 * The receiver on backup-srv over the producer's ssh key: one {@code ssh -o BatchMode=yes [-p PORT]
 * [-i KEY] TARGET 'COMMAND'} per receiver command, through the process runner; the forced command
 * there sees COMMAND as SSH_ORIGINAL_COMMAND. The producer's upload and remote-btrfs transport and
 * the restore reach the receiver through this one connection.
 */
public record ReceiverOverSsh(SshArgs ssh, ProcessRunner runner) {

    public ReceiverOverSsh {
        Objects.requireNonNull(ssh, "ssh");
        Objects.requireNonNull(runner, "runner");
    }

    /** backup-srv as the producer's ssh names it ([USER@]HOST), for messages. */
    public String target() {
        return ssh.target();
    }

    /** The ssh command line of one receiver command, without a time limit. */
    public CommandLine command(ReceiverCommand command) {
        return ssh.remoteCommand(command.format());
    }

    /** Runs a command whose reply is complete when ssh exits ({@code list}, {@code version}, ...): its stdout. */
    public String call(ReceiverCommand command, Duration timeout) {
        return call(command, timeout, StdinSource.none());
    }

    /** The same, with {@code stdin} written to ssh (open-luks's key). */
    public String call(ReceiverCommand command, Duration timeout, StdinSource stdin) {
        return runner.run(command(command).withTimeout(timeout), stdin).stdoutText();
    }

    /**
     * Starts a command whose reply is a stream read while it runs ({@code get-stream}); the caller
     * bounds its reads (the restore: {@code IdleReadWatch}, --ssh-stall-timeout).
     */
    public RunningProcess start(ReceiverCommand command) {
        return runner.start(command(command), StdinSource.none(), StdoutMode.pipe());
    }

    /** Starts a command the caller talks to on stdin and reads on stdout ({@code read-session}). */
    public RunningProcess startInteractive(ReceiverCommand command) {
        return runner.start(command(command), StdinSource.pipe(), StdoutMode.pipe());
    }
}
