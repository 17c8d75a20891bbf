package org.btrfssendbackup.core.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.btrfssendbackup.core.time.Durations;

/** A process started by {@link LocalProcessRunner}, with its background drain threads. */
final class LocalRunningProcess implements RunningProcess {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRunningProcess.class);
    /** After the child exits, how long to wait for grandchildren that still hold stderr open. */
    private static final long STDERR_LINGER_MILLIS = 5_000;
    private static final long DESTROY_GRACE_MILLIS = 2_000;

    private final CommandLine command;
    private final Process process;
    private final StdinSource stdinSource;
    private final StdoutMode stdoutMode;
    private final TailBuffer stderr;
    private final long startNanos = System.nanoTime();
    private final Thread stderrDrain;
    private final Thread stdinFeed;
    private final Thread stdoutCapture;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private volatile boolean captureOverflow;
    private volatile IOException sourceFailure;
    private volatile IOException pipeWriteFailure;
    private CommandResult result;
    private ProcessFailedException failure;

    LocalRunningProcess(CommandLine command, Process process, StdinSource stdinSource, StdoutMode stdoutMode,
                        TailBuffer stderr) {
        this.command = command;
        this.process = process;
        this.stdinSource = stdinSource;
        this.stdoutMode = stdoutMode;
        this.stderr = stderr;
        this.stderrDrain = daemon("stderr", this::drainStderr);
        this.stdinFeed = feedThread();
        this.stdoutCapture = stdoutMode instanceof StdoutMode.Capture c
                ? daemon("stdout", () -> capture(c.limitBytes())) : null;
        if (stdinSource instanceof StdinSource.None) {
            closeQuietly(process.getOutputStream());
        }
    }

    private Thread feedThread() {
        if (stdinSource instanceof StdinSource.Bytes b) {
            return daemon("stdin", () -> feedBytes(b.ownedArray()));
        }
        if (stdinSource instanceof StdinSource.FromStream s) {
            return daemon("stdin", () -> feedStream(s.stream()));
        }
        return null;
    }

    private Thread daemon(String what, Runnable body) {
        Thread t = new Thread(body, what + "-" + command.program() + "-" + process.pid());
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void drainStderr() {
        byte[] buf = new byte[8192];
        try (InputStream in = process.getErrorStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                stderr.write(buf, 0, n);
            }
        } catch (IOException e) {
            LOG.debug("{}: stderr closed: {}", command.operation(), e.toString());
        }
    }

    private void capture(long limit) {
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (captured.size() + (long) n > limit) {
                    captureOverflow = true;
                    killTree();
                    return;
                }
                captured.write(buf, 0, n);
            }
        } catch (IOException e) {
            LOG.debug("{}: stdout closed: {}", command.operation(), e.toString());
        }
    }

    private void feedBytes(byte[] secret) {
        try (OutputStream out = process.getOutputStream()) {
            out.write(secret);
        } catch (IOException e) {
            pipeWriteFailure = e;
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private void feedStream(InputStream source) {
        OutputStream out = process.getOutputStream();
        byte[] buf = new byte[256 * 1024];
        try (source) {
            int n;
            while (true) {
                try {
                    n = source.read(buf);
                } catch (IOException e) {
                    sourceFailure = e;
                    // The child must not take a truncated stream for a complete one.
                    killTree();
                    return;
                }
                if (n < 0) {
                    break;
                }
                try {
                    out.write(buf, 0, n);
                } catch (IOException e) {
                    pipeWriteFailure = e;
                    return;
                }
            }
        } catch (IOException e) {
            LOG.debug("{}: closing stdin source: {}", command.operation(), e.toString());
        } finally {
            closeQuietly(out);
        }
    }

    @Override
    public CommandLine command() {
        return command;
    }

    @Override
    public OutputStream stdin() {
        if (!(stdinSource instanceof StdinSource.Pipe)) {
            throw new IllegalStateException("stdin of `" + command + "` is not a pipe but " + stdinSource);
        }
        return process.getOutputStream();
    }

    @Override
    public InputStream stdout() {
        if (!(stdoutMode instanceof StdoutMode.Pipe)) {
            throw new IllegalStateException("stdout of `" + command + "` is not a pipe but " + stdoutMode);
        }
        return process.getInputStream();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public CommandResult await() {
        return awaitWithin(command.timeout());
    }

    @Override
    public CommandResult await(Duration timeout) {
        return awaitWithin(Optional.of(timeout));
    }

    private synchronized CommandResult awaitWithin(Optional<Duration> timeout) {
        if (result != null) {
            return result;
        }
        if (failure != null) {
            throw failure;
        }
        try {
            result = finish(timeout);
            return result;
        } catch (ProcessFailedException e) {
            failure = e;
            throw e;
        }
    }

    private CommandResult finish(Optional<Duration> timeout) {
        if (stdinSource instanceof StdinSource.Pipe) {
            closeQuietly(process.getOutputStream());
        }
        long deadline = timeout.map(t -> System.nanoTime() + t.toNanos()).orElse(Long.MAX_VALUE);
        try {
            if (!waitUntil(deadline)) {
                killTree();
                join(stderrDrain, STDERR_LINGER_MILLIS);
                throw fail(ProcessFailedException.Reason.TIMED_OUT, ProcessFailedException.NO_EXIT_STATUS,
                        "no exit within " + Durations.format(timeout.orElseThrow()), null);
            }
            join(stdinFeed, remainingMillis(deadline));
            join(stdoutCapture, remainingMillis(deadline));
            join(stderrDrain, Math.min(STDERR_LINGER_MILLIS, remainingMillis(deadline)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killTree();
            throw fail(ProcessFailedException.Reason.IO_ERROR, ProcessFailedException.NO_EXIT_STATUS,
                    "interrupted while waiting", e);
        }
        int status = process.exitValue();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        LOG.debug("{}: `{}` exited with {} after {}", command.operation(), command, status, elapsed);
        if (captureOverflow) {
            throw fail(ProcessFailedException.Reason.OUTPUT_TOO_LARGE, status,
                    "stdout exceeded " + ((StdoutMode.Capture) stdoutMode).limitBytes() + " bytes", null);
        }
        if (sourceFailure != null) {
            throw fail(ProcessFailedException.Reason.IO_ERROR, status,
                    "reading the data for stdin failed: " + sourceFailure.getMessage(), sourceFailure);
        }
        if (!command.accepts(status)) {
            ProcessFailedException e = ProcessFailedException.exitStatus(command, status, stderr.text());
            if (pipeWriteFailure != null) {
                e.addSuppressed(pipeWriteFailure);
            }
            throw e;
        }
        // A write failure on the pipe with an accepted status means the program chose to stop
        // reading (e.g. `true`); its exit status is the authority on whether it succeeded.
        return new CommandResult(command, status, captured.toByteArray(), stderr.text(), elapsed);
    }

    private ProcessFailedException fail(ProcessFailedException.Reason reason, int status, String detail,
                                        Throwable cause) {
        return new ProcessFailedException(command, reason, status, stderr.text(), detail, cause);
    }

    private boolean waitUntil(long deadline) throws InterruptedException {
        if (deadline == Long.MAX_VALUE) {
            process.waitFor();
            return true;
        }
        return process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private static long remainingMillis(long deadline) {
        if (deadline == Long.MAX_VALUE) {
            return 0; // join(0) waits forever
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static void join(Thread thread, long millis) throws InterruptedException {
        if (thread != null) {
            thread.join(millis);
        }
    }

    @Override
    public void destroy() {
        if (process.isAlive()) {
            LOG.debug("{}: destroying `{}`", command.operation(), command);
            killTree();
        }
        closeQuietly(process.getOutputStream());
        closeQuietly(process.getInputStream());
    }

    @Override
    public void close() {
        destroy();
    }

    private void killTree() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(DESTROY_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // Closing a pipe whose reader is gone is not an error worth reporting.
        }
    }
}
