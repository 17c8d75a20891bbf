package org.btrfssendbackup.core.tools;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Stops and starts the services quiesced around a snapshot, and guards the window with a systemd timer. */
public interface Systemctl {

    void stop(List<String> units);

    void start(List<String> units);

    /** Each unit's state as systemctl names it ("active", "inactive", "failed", ...), in order. */
    Map<String, String> activeStates(List<String> units);

    /**
     * Each unit's LoadState ("loaded", "not-found", "masked", ...), in order; asks without
     * changing anything, and answers "not-found" for a unit systemd does not know.
     */
    Map<String, String> loadStates(List<String> units);

    /**
     * Arms a transient systemd timer {@code name.timer} that runs {@code systemctl start UNITS}
     * once, {@code after} from now, whether or not this process still lives.
     */
    void armResumeTimer(String name, Duration after, List<String> units);

    /** Cancels {@code name.timer}; a timer that already fired or is gone counts as cancelled. */
    void cancelTimer(String name);
}
