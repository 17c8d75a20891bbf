package org.btrfssendbackup.core.tools;

import java.util.List;
import java.util.Map;

/** Stops and starts the services quiesced around a snapshot. */
public interface Systemctl {

    void stop(List<String> units);

    void start(List<String> units);

    /** Each unit's state as systemctl names it ("active", "inactive", "failed", ...), in order. */
    Map<String, String> activeStates(List<String> units);
}
