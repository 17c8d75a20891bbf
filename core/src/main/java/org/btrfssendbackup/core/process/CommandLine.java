package org.btrfssendbackup.core.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One external program invocation: an immutable, validated argv plus how to run it.
 *
 * <p>The argv is passed to the operating system as is; no shell ever sees it, so no quoting
 * is needed or applied. Secrets must never be placed here (argv is visible in {@code ps} and
 * in every log and error message): pass them through {@link StdinSource} instead.
 *
 * @param argv               program and arguments; non-empty, no nulls, no NUL characters
 * @param operation          what this invocation does, for log lines and error messages
 * @param workingDirectory   the child's working directory; empty means inherit
 * @param environment        variables added to (or overriding) the child's scrubbed environment
 * @param acceptedExitStatus exit statuses that count as success (always at least one)
 * @param timeout            how long {@link ProcessRunner#run} and {@link RunningProcess#await()}
 *                           wait; empty means forever
 */
public record CommandLine(
        List<String> argv,
        String operation,
        Optional<Path> workingDirectory,
        Map<String, String> environment,
        Set<Integer> acceptedExitStatus,
        Optional<Duration> timeout) {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PLAIN_ARG = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    public CommandLine {
        Objects.requireNonNull(argv, "argv");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("command line must name a program: argv is empty");
        }
        for (int i = 0; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (arg == null) {
                throw new IllegalArgumentException("argv[" + i + "] is null in " + argv);
            }
            if (arg.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("argv[" + i + "] contains a NUL character");
            }
        }
        if (argv.get(0).isEmpty()) {
            throw new IllegalArgumentException("program name (argv[0]) is empty");
        }
        argv = List.copyOf(argv);
        operation = operation == null || operation.isBlank() ? argv.get(0) : operation;
        workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(environment, "environment");
        for (Map.Entry<String, String> e : environment.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            if (k == null || !ENV_NAME.matcher(k).matches() || v == null || v.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("invalid environment variable: " + k);
            }
        }
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        Objects.requireNonNull(acceptedExitStatus, "acceptedExitStatus");
        if (acceptedExitStatus.isEmpty()) {
            throw new IllegalArgumentException("at least one exit status must be accepted");
        }
        acceptedExitStatus = Collections.unmodifiableSet(new TreeSet<>(acceptedExitStatus));
        Objects.requireNonNull(timeout, "timeout");
        timeout.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + t);
            }
        });
    }

    /** A command line that accepts only exit status 0, with no timeout. */
    public static CommandLine of(List<String> argv) {
        return new CommandLine(argv, null, Optional.empty(), Map.of(), Set.of(0), Optional.empty());
    }

    public static CommandLine of(String... argv) {
        return of(java.util.Arrays.asList(argv));
    }

    public String program() {
        return argv.get(0);
    }

    public CommandLine describedAs(String newOperation) {
        return new CommandLine(argv, newOperation, workingDirectory, environment, acceptedExitStatus, timeout);
    }

    public CommandLine inDirectory(Path directory) {
        return new CommandLine(argv, operation, Optional.of(directory), environment, acceptedExitStatus, timeout);
    }

    public CommandLine withEnvironment(String name, String value) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(name, value);
        return new CommandLine(argv, operation, workingDirectory, env, acceptedExitStatus, timeout);
    }

    /** Also accept these exit statuses as success (e.g. {@code mountpoint -q} answers 1 for "no"). */
    public CommandLine acceptingExitStatus(int... statuses) {
        Set<Integer> accepted = new TreeSet<>(acceptedExitStatus);
        for (int s : statuses) {
            accepted.add(s);
        }
        return new CommandLine(argv, operation, workingDirectory, environment, accepted, timeout);
    }

    public CommandLine withTimeout(Duration newTimeout) {
        return new CommandLine(argv, operation, workingDirectory, environment, acceptedExitStatus,
                Optional.of(newTimeout));
    }

    /** A new command line with more arguments appended. */
    public CommandLine append(String... more) {
        List<String> all = new ArrayList<>(argv);
        all.addAll(java.util.Arrays.asList(more));
        return new CommandLine(all, operation, workingDirectory, environment, acceptedExitStatus, timeout);
    }

    public boolean accepts(int exitStatus) {
        return acceptedExitStatus.contains(exitStatus);
    }

    /** The argv quoted the way a POSIX shell would need it, for logs and error messages only. */
    @Override
    public String toString() {
        return argv.stream().map(CommandLine::quoteForDisplay).collect(Collectors.joining(" "));
    }

    private static String quoteForDisplay(String arg) {
        if (!arg.isEmpty() && PLAIN_ARG.matcher(arg).matches()) {
            return arg;
        }
        return shellQuoted(arg);
    }

    /** {@code 'value'} for a POSIX shell, a ' inside as {@code '\''}: one word, nothing expanded. */
    public static String shellQuoted(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
