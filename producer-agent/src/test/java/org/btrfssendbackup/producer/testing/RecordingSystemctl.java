package org.btrfssendbackup.producer.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.btrfssendbackup.core.process.ProcessFactory;

/**
 * FAKE systemctl (systemd cannot run here): a {@link ProcessFactory} that answers every
 * {@code systemctl} invocation itself, with a trivial {@code sh -c 'exit N'}, and records its
 * argv. Every other program (btrfs, gpg, ...) is started for real. Units can be told to fail
 * to start; {@code is-active} then reports them "failed".
 */
public final class RecordingSystemctl implements ProcessFactory {

    private final List<List<String>> calls = new ArrayList<>();
    private final List<List<String>> allArgv = new ArrayList<>();
    private final Set<String> failingToStart = new HashSet<>();

    public synchronized RecordingSystemctl failToStart(String unit) {
        failingToStart.add(unit);
        return this;
    }

    /** Every systemctl argv, in order. */
    public synchronized List<List<String>> calls() {
        return List.copyOf(calls);
    }

    /** The argv of every program started through this factory (systemctl or not). */
    public synchronized List<List<String>> allArgv() {
        return List.copyOf(allArgv);
    }

    @Override
    public synchronized Process start(ProcessBuilder builder) throws IOException {
        List<String> argv = List.copyOf(builder.command());
        allArgv.add(argv);
        if (!argv.get(0).equals("systemctl")) {
            return builder.start();
        }
        calls.add(argv);
        String verb = argv.get(1);
        List<String> units = argv.subList(2, argv.size()).stream().filter(a -> !a.startsWith("-")).toList();
        String script = switch (verb) {
            case "start" -> units.stream().anyMatch(failingToStart::contains) ? "echo 'Job failed' >&2; exit 1" : "exit 0";
            case "is-active" -> isActive(units);
            default -> "exit 0";
        };
        builder.command("sh", "-c", script);
        return builder.start();
    }

    private String isActive(List<String> units) {
        StringBuilder b = new StringBuilder();
        boolean someDown = false;
        for (String unit : units) {
            boolean down = failingToStart.contains(unit);
            someDown |= down;
            b.append("echo ").append(down ? "failed" : "active").append("; ");
        }
        return b.append("exit ").append(someDown ? 3 : 0).toString();
    }
}
