package org.btrfssendbackup.core.process;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * A started external program. Typical use: write a stream into {@link #stdin()} (btrfs
 * receive, ssh) or read one from {@link #stdout()} (btrfs send), then {@link #await()}. Use
 * in try-with-resources so a failure on the Java side never leaves the program running.
 */
public interface RunningProcess extends AutoCloseable {

    CommandLine command();

    /** The child's standard input; only with {@link StdinSource#pipe()}. */
    OutputStream stdin();

    /**
     * The child's standard output; only with {@link StdoutMode#pipe()}. Read it to the end
     * (or {@link #destroy()}) before {@link #await()}: a child blocked writing never exits.
     */
    InputStream stdout();

    boolean isAlive();

    /**
     * Closes the stdin pipe (the child sees end-of-file), waits for exit within the command
     * line's timeout (if any) and for the output drains, and checks the exit status. Repeated
     * calls return the same outcome.
     *
     * @throws ProcessFailedException on a status that is not accepted, a timeout (the process is
     *                                then destroyed), too much captured output, or failed input
     */
    CommandResult await();

    /** As {@link #await()} with an explicit timeout instead of the command line's. */
    CommandResult await(Duration timeout);

    /** Terminates the program (and its descendants) if it is still running. Idempotent. */
    void destroy();

    /** Destroys the program if it is still running; does not check the exit status. */
    @Override
    void close();
}
