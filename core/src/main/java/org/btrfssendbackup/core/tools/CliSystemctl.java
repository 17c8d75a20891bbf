package org.btrfssendbackup.core.tools;

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
}
