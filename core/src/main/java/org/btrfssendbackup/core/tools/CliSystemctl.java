package org.btrfssendbackup.core.tools;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.btrfssendbackup.core.process.ProcessRunner;

/** {@link Systemctl} through the systemctl CLI on the process runner. */
public final class CliSystemctl implements Systemctl {

    private final ProcessRunner runner;

    public CliSystemctl(ProcessRunner runner) {
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    @Override
    public void stop(List<String> units) {
        runner.run(SystemctlArgs.stop(units));
    }

    @Override
    public void start(List<String> units) {
        runner.run(SystemctlArgs.start(units));
    }

    @Override
    public Map<String, String> activeStates(List<String> units) {
        List<String> lines = runner.run(SystemctlArgs.isActive(units)).stdoutLines();
        if (lines.size() != units.size()) {
            throw new IllegalStateException("systemctl is-active answered " + lines.size() + " lines for "
                    + units.size() + " units: " + lines);
        }
        Map<String, String> states = new LinkedHashMap<>();
        for (int i = 0; i < units.size(); i++) {
            states.put(units.get(i), lines.get(i).trim());
        }
        return states;
    }

    @Override
    public Map<String, String> loadStates(List<String> units) {
        Map<String, String> states = new LinkedHashMap<>();
        for (String unit : units) {
            List<String> lines = runner.run(SystemctlArgs.loadState(unit)).stdoutLines();
            String state = lines.isEmpty() ? "" : lines.get(0).trim();
            if (state.isEmpty()) {
                throw new IllegalStateException("systemctl show printed no LoadState for " + unit + ": " + lines);
            }
            states.put(unit, state);
        }
        return states;
    }

    @Override
    public void armResumeTimer(String name, Duration after, List<String> units) {
        runner.run(SystemdRunArgs.resumeTimer(name, after, units));
    }

    @Override
    public void cancelTimer(String name) {
        runner.run(SystemctlArgs.stopTimer(name + ".timer"));
    }
}
