package org.btrfssendbackup.core.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.btrfssendbackup.core.process.CommandLine;

/** Command lines for systemctl. Pure: builds argv, runs nothing. */
public final class SystemctlArgs {

    /** systemd unit names: letters, digits and ":-_.\@"; never an option. */
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9:_.@\\\\][A-Za-z0-9:_.@\\\\-]*");

    /** {@code systemctl is-active} exits 3 when a unit is inactive or failed; stdout says which. */
    public static final int IS_ACTIVE_SOME_INACTIVE = 3;

    /** {@code systemctl stop} exits 5 when the unit is not loaded (a timer that already fired or never existed). */
    public static final int STOP_NOT_LOADED = 5;

    /** The LoadState of a unit systemd can start; anything else ("not-found", "masked", ...) cannot be. */
    public static final String LOADED = "loaded";

    /** Queries answer at once; a systemd that does not is a broken host, not a reason to hang the run. */
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(30);

    private SystemctlArgs() {
    }

    public static CommandLine stop(List<String> units) {
        return units("stop", units).describedAs("stop services " + String.join(" ", units));
    }

    public static CommandLine start(List<String> units) {
        return units("start", units).describedAs("start services " + String.join(" ", units));
    }

    /** Prints one state per unit, in order; any status other than 0 and 3 is an error. */
    public static CommandLine isActive(List<String> units) {
        return units("is-active", units).describedAs("query services " + String.join(" ", units))
                .acceptingExitStatus(IS_ACTIVE_SOME_INACTIVE);
    }

    /**
     * Prints the unit's LoadState ("loaded", "not-found", "masked", "bad-setting", "error") and
     * exits 0 even for a unit that does not exist: the one question that tells a typo in
     * SERVICES_TO_QUIESCE from a real unit before anything is stopped. One unit per call, because
     * with several units systemctl separates the values by blank lines, which is easy to misread.
     */
    public static CommandLine loadState(String unit) {
        checkUnitName(unit);
        return CommandLine.of("systemctl", "show", "--property=LoadState", "--value", unit)
                .describedAs("query whether systemd knows service " + unit).withTimeout(QUERY_TIMEOUT);
    }

    /**
     * Stops (cancels) a timer; exit status 5 ("not loaded": it already fired, or was never
     * armed) counts as done.
     */
    public static CommandLine stopTimer(String timerUnit) {
        checkUnitName(timerUnit);
        if (!timerUnit.endsWith(".timer")) {
            throw new IllegalArgumentException("not a timer unit: '" + timerUnit + "'");
        }
        return CommandLine.of("systemctl", "stop", timerUnit).describedAs("cancel timer " + timerUnit)
                .acceptingExitStatus(STOP_NOT_LOADED).withTimeout(QUERY_TIMEOUT);
    }

    public static void checkUnitName(String unit) {
        if (unit == null || !UNIT.matcher(unit).matches()) {
            throw new IllegalArgumentException("not a systemd unit name: '" + unit + "'");
        }
    }

    private static CommandLine units(String verb, List<String> units) {
        if (units.isEmpty()) {
            throw new IllegalArgumentException("systemctl " + verb + " needs at least one unit");
        }
        List<String> argv = new ArrayList<>(List.of("systemctl", verb));
        for (String unit : units) {
            checkUnitName(unit);
            argv.add(unit);
        }
        return CommandLine.of(argv);
    }
}
