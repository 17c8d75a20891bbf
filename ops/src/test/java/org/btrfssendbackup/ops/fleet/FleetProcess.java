package org.btrfssendbackup.ops.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.process.RunningProcess;
import org.btrfssendbackup.core.process.StdinSource;
import org.btrfssendbackup.core.process.StdoutMode;

/**
 * One program of the fleet (a broker, a producer run, the pruner, a console call) started as a
 * host through {@link HostLaunch}, its output in a log file, its pid in a pid file so that it can
 * be SIGKILLed like a crashing server. {@link #close()} stops it if it still runs.
 */
final class FleetProcess implements AutoCloseable {

    private static final int[] EVERY_STATUS = IntStream.rangeClosed(0, 255).toArray();

    private final String name;
    private final RunningProcess process;
    private final Path log;
    private final Path pidFile;
    private final ProcessRunner runner;

    private FleetProcess(String name, RunningProcess process, Path log, Path pidFile, ProcessRunner runner) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.pidFile = pidFile;
        this.runner = runner;
    }

    /** A Java main class of the project, on this test's class path, as {@code hostLaunch}'s host. */
    static FleetProcess startJava(ProcessRunner runner, String name, HostLaunch hostLaunch, Path dir, String heap,
                                  Class<?> main, List<String> args) throws IOException {
        List<String> program = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                main.getName()));
        program.addAll(args);
        Files.createDirectories(dir);
        Path log = dir.resolve(name + ".log");
        Path pidFile = dir.resolve(name + ".pid");
        Files.deleteIfExists(pidFile);
        HostLaunch launch = prepared(hostLaunch.withScratch(dir.resolve(name + ".overlays"))).withLog(log).withPidFile(pidFile);
        RunningProcess process = runner.start(CommandLine.of(launch.argv(program)).describedAs(name + " on " + hostLaunch.hostName())
                .acceptingExitStatus(EVERY_STATUS), StdinSource.none(), StdoutMode.discard());
        return new FleetProcess(name, process, log, pidFile, runner);
    }

    /** {@code launch} with its overlays' directories made (each launch needs its own: see {@link HostLaunch#withScratch}). */
    static HostLaunch prepared(HostLaunch launch) throws IOException {
        for (Path top : launch.overlaid()) {
            for (Path overlayDir : launch.overlayDirectories(top)) {
                Files.createDirectories(overlayDir);
            }
        }
        return launch;
    }

    String name() {
        return name;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Its stdout and stderr so far. */
    String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no output yet)";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Waits until its log contains {@code text}; fails when it exits first or {@code timeout} passes. */
    void awaitLog(String text, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!log().contains(text)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited before it logged \"" + text + "\": " + log());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(name + " did not log \"" + text + "\" within " + timeout.toSeconds() + " s: " + log());
            }
            Thread.sleep(50);
        }
    }

    /** Its exit status, waiting at most {@code timeout} (then it is destroyed and the wait fails). */
    int awaitExit(Duration timeout) {
        return process.await(timeout).exitStatus();
    }

    /** SIGKILL, as a power cut or the OOM killer would end it: no shutdown hook runs. */
    void kill() throws InterruptedException {
        String pid;
        try {
            pid = Files.readString(pidFile, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new IllegalStateException(name + ": no pid file " + pidFile, e);
        }
        runner.run(CommandLine.of("kill", "-KILL", pid).describedAs("SIGKILL " + name + " (pid " + pid + ")")
                .withTimeout(Duration.ofSeconds(10)));
        Instant deadline = Instant.now().plusSeconds(10);
        while (process.isAlive() && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        if (process.isAlive()) {
            throw new IllegalStateException(name + " (pid " + pid + ") still runs 10 s after SIGKILL");
        }
    }

    @Override
    public void close() {
        process.destroy();
        process.close();
    }
}
