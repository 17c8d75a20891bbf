package org.btrfssendbackup.core.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.btrfssendbackup.core.process.CommandLine;

/**
 * Command lines for systemd-run. Pure: builds argv, runs nothing.
 *
 * <p>The one use is the quiesce guard: a transient timer, armed before services are stopped,
 * that starts them again after a deadline even if the producer dies in between (design.md
 * sections 7.4 and 8). systemd owns the timer, so no process of ours has to survive for it to fire.
 */
public final class SystemdRunArgs {

    /** The transient units' common prefix, so an operator finds them with {@code systemctl list-timers}. */
    public static final String RESUME_UNIT_PREFIX = "btrfs-send-backup-resume-";

    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_.-]");
    /** Run ids are UUIDs (36) in practice and at most 64 characters by the envelope's rule. */
    private static final int MAX_RUN_ID = 64;

    private SystemdRunArgs() {
    }

    /**
     * {@code systemd-run --unit=NAME --on-active=Ns --timer-property=AccuracySec=1s --collect
     * --description=... systemctl start UNIT...}: a transient NAME.timer that runs NAME.service
     * (the start command) once, N seconds from now. AccuracySec=1s because systemd's default
     * minute of slack would add up to a minute of outage; --collect unloads the service even if
     * the start failed, so a failed guard leaves nothing behind.
     *
     * @param name  the transient unit's name without suffix (see {@link #resumeUnitName})
     * @param after the deadline from now; whole seconds, at least one
     * @param units the units to start then
     */
    public static CommandLine resumeTimer(String name, Duration after, List<String> units) {
        SystemctlArgs.checkUnitName(name);
        if (name.contains(".")) {
            throw new IllegalArgumentException("transient unit name must have no suffix: '" + name + "'");
        }
        if (after.isNegative() || after.getSeconds() < 1 || after.getNano() != 0) {
            throw new IllegalArgumentException("timer deadline must be whole seconds, at least 1: " + after);
        }
        if (units.isEmpty()) {
            throw new IllegalArgumentException("a resume timer needs at least one unit to start");
        }
        units.forEach(SystemctlArgs::checkUnitName);
        List<String> argv = new ArrayList<>(List.of("systemd-run", "--unit=" + name,
                "--on-active=" + after.getSeconds() + "s", "--timer-property=AccuracySec=1s", "--collect",
                "--description=btrfs-send-backup: start quiesced services if the backup did not",
                "systemctl", "start"));
        argv.addAll(units);
        return CommandLine.of(argv).describedAs("arm timer " + name + ".timer to start " + String.join(" ", units)
                + " in " + after.getSeconds() + " s").withTimeout(SystemctlArgs.QUERY_TIMEOUT);
    }

    /**
     * The guard's unit name for one quiesce window: the prefix, the run id (so the audit and
     * {@code systemctl list-timers} name the same run) and the arming time in epoch seconds
     * (so a redelivered step never collides with a guard an earlier attempt left armed).
     * Characters systemd would escape become '_'.
     */
    public static String resumeUnitName(String runId, long epochSecond) {
        String id = UNSAFE.matcher(runId).replaceAll("_");
        return RESUME_UNIT_PREFIX + (id.length() <= MAX_RUN_ID ? id : id.substring(0, MAX_RUN_ID)) + "-" + epochSecond;
    }
}
