package org.btrfssendbackup.producer.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.btrfssendbackup.core.process.ProcessFactory;

/**
 * FAKE systemctl and systemd-run (systemd cannot run here): a {@link ProcessFactory} that
 * answers every {@code systemctl} and {@code systemd-run} invocation itself, with a trivial
 * {@code sh -c 'echo ...; exit N'}, records its argv, and keeps a toy model of what systemd
 * would do. Every other program (btrfs, gpg, ...) is started for real.
 *
 * <ul>
 *   <li>units are running until stopped; {@code start} runs them again unless told to
 *       {@link #failToStart fail}; {@code is-active} answers from that model (and "activating"
 *       a given number of times first, for {@link #activatingFor});</li>
 *   <li>{@code show --property=LoadState} answers "loaded", or what {@link #loadState} set;</li>
 *   <li>{@code systemd-run --unit=NAME --on-active=Ns ... CMD...} records an armed timer;
 *       {@code systemctl stop NAME.timer} cancels it (exit 5, "not loaded", when there is none);
 *       {@link #fireArmedTimers} plays systemd at the deadline: runs each armed timer's command
 *       through this same fake.</li>
 * </ul>
 * {@link #journalTo} also appends every argv to a file as it happens, so a test can read what a
 * child JVM did after killing it.
 */
public final class RecordingSystemctl implements ProcessFactory {

    /** One armed transient timer: its unit name, deadline in seconds and the command it runs. */
    public record ArmedTimer(String name, long onActiveSeconds, List<String> command) {
    }

    private final List<List<String>> calls = new ArrayList<>();
    private final List<List<String>> allArgv = new ArrayList<>();
    private final Set<String> failingToStart = new HashSet<>();
    private final Set<String> stopped = new HashSet<>();
    private final Map<String, String> loadStates = new HashMap<>();
    private final Map<String, Integer> activating = new HashMap<>();
    private final Map<String, ArmedTimer> armed = new LinkedHashMap<>();
    private boolean systemdRunMissing;
    private boolean systemdRunFails;
    private Path journal;

    public synchronized RecordingSystemctl failToStart(String unit) {
        failingToStart.add(unit);
        return this;
    }

    /** e.g. "not-found" for a unit that is not installed, "masked" */
    public synchronized RecordingSystemctl loadState(String unit, String state) {
        loadStates.put(unit, state);
        return this;
    }

    /** {@code is-active} says "activating" this many times after a start before "active". */
    public synchronized RecordingSystemctl activatingFor(String unit, int answers) {
        activating.put(unit, answers);
        return this;
    }

    /** systemd-run is not installed (the process cannot be started). */
    public synchronized RecordingSystemctl withoutSystemdRun() {
        systemdRunMissing = true;
        return this;
    }

    /** systemd-run exits 1 ("Failed to connect to bus"). */
    public synchronized RecordingSystemctl systemdRunFails() {
        systemdRunFails = true;
        return this;
    }

    public synchronized RecordingSystemctl journalTo(Path file) {
        journal = file;
        return this;
    }

    /** Every systemctl and systemd-run argv, in order. */
    public synchronized List<List<String>> calls() {
        return List.copyOf(calls);
    }

    /** The argv of every program started through this factory (systemctl or not). */
    public synchronized List<List<String>> allArgv() {
        return List.copyOf(allArgv);
    }

    /** Timers armed and not cancelled, in arming order. */
    public synchronized List<ArmedTimer> armedTimers() {
        return List.copyOf(armed.values());
    }

    /** Whether a unit is running in this fake's model. */
    public synchronized boolean isRunning(String unit) {
        return !stopped.contains(unit);
    }

    /** Units stop in this model as if an earlier process had stopped them (e.g. read back from a journal). */
    public synchronized void markStopped(List<String> units) {
        stopped.addAll(units);
    }

    /** Reads an armed timer back from a systemd-run argv (e.g. a journal line). */
    public static Optional<ArmedTimer> parseSystemdRun(List<String> argv) {
        if (argv.isEmpty() || !argv.get(0).equals("systemd-run")) {
            return Optional.empty();
        }
        String name = null;
        long seconds = -1;
        int i = 1;
        for (; i < argv.size() && argv.get(i).startsWith("--"); i++) {
            String a = argv.get(i);
            if (a.startsWith("--unit=")) {
                name = a.substring("--unit=".length());
            } else if (a.startsWith("--on-active=")) {
                seconds = Long.parseLong(a.substring("--on-active=".length()).replace("s", ""));
            }
        }
        return name == null || seconds < 0 ? Optional.empty()
                : Optional.of(new ArmedTimer(name, seconds, List.copyOf(argv.subList(i, argv.size()))));
    }

    /** Plays systemd at the deadline: runs every armed timer's command through this fake. */
    public void fireArmedTimers() throws IOException, InterruptedException {
        List<ArmedTimer> due;
        synchronized (this) {
            due = List.copyOf(armed.values());
            armed.clear();
        }
        for (ArmedTimer timer : due) {
            ProcessBuilder builder = new ProcessBuilder(timer.command());
            Process p = start(builder);
            p.waitFor();
        }
    }

    /** Arms a timer in this model, as a systemd-run argv read back from elsewhere would have. */
    public synchronized void arm(ArmedTimer timer) {
        armed.put(timer.name(), timer);
    }

    @Override
    public synchronized Process start(ProcessBuilder builder) throws IOException {
        List<String> argv = List.copyOf(builder.command());
        allArgv.add(argv);
        String program = argv.get(0);
        if (!program.equals("systemctl") && !program.equals("systemd-run")) {
            return builder.start();
        }
        calls.add(argv);
        if (journal != null) {
            Files.writeString(journal, String.join("\t", argv) + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        String script = program.equals("systemd-run") ? systemdRun(argv) : systemctl(argv);
        builder.command("sh", "-c", script);
        return builder.start();
    }

    private String systemdRun(List<String> argv) throws IOException {
        if (systemdRunMissing) {
            throw new IOException("Cannot run program \"systemd-run\": error=2, No such file or directory");
        }
        if (systemdRunFails) {
            return "echo 'Failed to start transient timer unit: Failed to connect to bus' >&2; exit 1";
        }
        ArmedTimer timer = parseSystemdRun(argv).orElseThrow(() -> new IllegalArgumentException("unexpected " + argv));
        if (armed.containsKey(timer.name())) {
            return "echo 'Failed to start transient timer unit: Unit " + timer.name() + ".timer already exists.' >&2;"
                    + " exit 1";
        }
        armed.put(timer.name(), timer);
        return "echo 'Running timer as unit: " + timer.name() + ".timer' >&2; exit 0";
    }

    private String systemctl(List<String> argv) {
        String verb = argv.get(1);
        List<String> units = argv.subList(2, argv.size()).stream().filter(a -> !a.startsWith("-")).toList();
        return switch (verb) {
            case "start" -> {
                boolean fails = units.stream().anyMatch(failingToStart::contains);
                units.stream().filter(u -> !failingToStart.contains(u)).forEach(stopped::remove);
                yield fails ? "echo 'Job for unit failed because the control process exited with error code.' >&2;"
                        + " exit 1" : "exit 0";
            }
            case "stop" -> stop(units);
            case "is-active" -> isActive(units);
            case "show" -> "echo " + loadStates.getOrDefault(units.get(0), "loaded");
            default -> "exit 0";
        };
    }

    private String stop(List<String> units) {
        if (units.size() == 1 && units.get(0).endsWith(".timer")) {
            String name = units.get(0).substring(0, units.get(0).length() - ".timer".length());
            return armed.remove(name) != null ? "exit 0"
                    : "echo 'Failed to stop " + units.get(0) + ": Unit " + units.get(0) + " not loaded.' >&2; exit 5";
        }
        stopped.addAll(units);
        return "exit 0";
    }

    private String isActive(List<String> units) {
        StringBuilder b = new StringBuilder();
        boolean someDown = false;
        for (String unit : units) {
            String state;
            if (stopped.contains(unit)) {
                state = failingToStart.contains(unit) ? "failed" : "inactive";
            } else if (activating.getOrDefault(unit, 0) > 0) {
                activating.merge(unit, -1, Integer::sum);
                state = "activating";
            } else {
                state = "active";
            }
            someDown |= !state.equals("active");
            b.append("echo ").append(state).append("; ");
        }
        return b.append("exit ").append(someDown ? 3 : 0).toString();
    }
}
