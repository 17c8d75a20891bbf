package org.btrfssendbackup.core.process;

/**
 * The one way production code runs an external program (btrfs, ssh, gpg, systemctl,
 * cryptsetup, mount). Every failure is a {@link ProcessFailedException}.
 */
public interface ProcessRunner {

    /**
     * Runs to completion: stdin from {@code stdin}, stdout captured (bounded), stderr tail kept.
     *
     * @throws ProcessFailedException if the program cannot start, exits with a status the
     *                                command line does not accept, times out, or prints more than
     *                                {@link StdoutMode#DEFAULT_CAPTURE_LIMIT} bytes
     * @throws IllegalArgumentException for {@link StdinSource#pipe()} (use {@link #start})
     */
    CommandResult run(CommandLine command, StdinSource stdin);

    default CommandResult run(CommandLine command) {
        return run(command, StdinSource.none());
    }

    /**
     * Starts a program for streaming. Standard error is drained in the background into a
     * bounded buffer; the caller finishes with {@link RunningProcess#await()} (or
     * {@link RunningProcess#destroy()} when giving up).
     *
     * @throws ProcessFailedException if the program cannot start
     */
    RunningProcess start(CommandLine command, StdinSource stdin, StdoutMode stdout);
}
