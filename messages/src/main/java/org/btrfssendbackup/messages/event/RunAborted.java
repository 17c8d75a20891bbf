package org.btrfssendbackup.messages.event;

import java.time.Instant;

/**
 * A producer run died without an outcome (killed, crashed, the host lost power): the next
 * run found its run marker (STATE_FILE.running) with no live process behind it. Published by
 * that next run, before its own run, so a killed run is never silent.
 *
 * @param abortedRunId the dead run's id
 * @param startedAt    when the dead run started
 * @param pid          the dead run's process id
 * @param markerFile   the run marker that recorded it
 */
public record RunAborted(String abortedRunId, Instant startedAt, long pid, String markerFile) implements EventPayload {
    public RunAborted {
        Require.matches(abortedRunId, Require.RUN_ID, "RunAborted.abortedRunId");
        Require.notNull(startedAt, "RunAborted.startedAt");
        if (pid < 1) {
            throw new InvalidFieldException("RunAborted.pid", "must be positive, was " + pid);
        }
        Require.absolutePath(markerFile, "RunAborted.markerFile");
    }
}
