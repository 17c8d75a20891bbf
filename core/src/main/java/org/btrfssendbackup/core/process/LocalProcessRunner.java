package org.btrfssendbackup.core.process;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs programs on this machine. Standard input is never logged; argv is logged at debug
 * level (it never carries secrets, by contract of {@link CommandLine}).
 */
public final class LocalProcessRunner implements ProcessRunner {

    private static final Logger LOG = LoggerFactory.getLogger(LocalProcessRunner.class);

    private final ProcessFactory factory;
    private final int stderrTailBytes;

    public LocalProcessRunner() {
        this(ProcessFactory.SYSTEM);
    }

    public LocalProcessRunner(ProcessFactory factory) {
        this(factory, TailBuffer.DEFAULT_CAPACITY);
    }

    /** @param stderrTailBytes how much of the end of standard error to keep (default 64 KiB) */
    public LocalProcessRunner(ProcessFactory factory, int stderrTailBytes) {
        this.factory = Objects.requireNonNull(factory, "factory");
        if (stderrTailBytes <= 0) {
            throw new IllegalArgumentException("stderrTailBytes must be positive: " + stderrTailBytes);
        }
        this.stderrTailBytes = stderrTailBytes;
    }

    @Override
    public CommandResult run(CommandLine command, StdinSource stdin) {
        if (stdin instanceof StdinSource.Pipe) {
            throw new IllegalArgumentException("run() cannot pipe stdin; use start() for " + command);
        }
        try (RunningProcess process = start(command, stdin, StdoutMode.capture())) {
            return process.await();
        }
    }

    @Override
    public RunningProcess start(CommandLine command, StdinSource stdin, StdoutMode stdout) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(stdout, "stdout");
        ProcessBuilder builder = new ProcessBuilder(command.argv());
        command.workingDirectory().ifPresent(dir -> builder.directory(dir.toFile()));
        ChildEnvironment.apply(builder.environment(), command.environment());
        configureStdin(builder, stdin);
        configureStdout(builder, stdout);
        builder.redirectError(ProcessBuilder.Redirect.PIPE);
        LOG.debug("{}: starting `{}`", command.operation(), command);
        Process process;
        try {
            process = factory.start(builder);
        } catch (IOException | RuntimeException e) {
            if (stdin instanceof StdinSource.Bytes bytes) {
                Arrays.fill(bytes.ownedArray(), (byte) 0);
            }
            throw ProcessFailedException.startFailed(command, e);
        }
        return new LocalRunningProcess(command, process, stdin, stdout, new TailBuffer(stderrTailBytes));
    }

    private static void configureStdin(ProcessBuilder builder, StdinSource stdin) {
        if (stdin instanceof StdinSource.FromFile f) {
            builder.redirectInput(f.file().toFile());
        } else {
            // None: an immediately closed pipe, so the child never reads this JVM's stdin.
            builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        }
    }

    private static void configureStdout(ProcessBuilder builder, StdoutMode stdout) {
        if (stdout instanceof StdoutMode.Discard) {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        } else if (stdout instanceof StdoutMode.ToFile f) {
            builder.redirectOutput(f.file().toFile());
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.PIPE);
        }
    }
}
