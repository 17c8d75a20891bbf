package org.btrfssendbackup.core.tools;

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
