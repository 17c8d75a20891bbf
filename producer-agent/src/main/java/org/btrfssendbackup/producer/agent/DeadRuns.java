package org.btrfssendbackup.producer.agent;

import jakarta.jms.JMSException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.btrfssendbackup.messages.event.RunAborted;
import org.btrfssendbackup.producer.state.RunMarker;

/**
 * The one place that turns a run marker left by a dead process into a RunAborted: a run that
 * died without an outcome (killed, crashed, power lost) is recorded before the next run starts,
 * by the one-shot run and by the service alike, so a killed run is never silent.
 */
public final class DeadRuns {

    private DeadRuns() {
    }

    /**
     * @param runId   the run that found the marker (RunAborted is published in it)
     * @param lockFile named in the warning about a marker of a live process
     * @param notice  where the operator-facing lines go (stderr, or the service's log)
     * @return whether a dead run was found (and recorded, unless publishing failed)
     */
    public static boolean record(RunMarker marker, ProducerAgent agent, String runId, Path lockFile,
                                 Consumer<String> notice) {
        return record(marker, agent, agent.backupSets().get(0), runId, lockFile, notice);
    }

    /** As {@link #record(RunMarker, ProducerAgent, String, Path, Consumer)} for the marker of one of the agent's sets. */
    public static boolean record(RunMarker marker, ProducerAgent agent, String backupSet, String runId, Path lockFile,
                                 Consumer<String> notice) {
        Optional<RunMarker.Entry> left;
        try {
            left = marker.read();
        } catch (IOException e) {
            notice.accept("warning: " + e.getMessage() + "; replaced by this run's marker");
            return false;
        }
        if (left.isEmpty()) {
            return false;
        }
        RunMarker.Entry dead = left.get();
        if (!dead.processGone()) {
            // The caller holds LOCK_FILE, so that process runs no backup; its marker is stale all the same.
            notice.accept("warning: run marker " + marker.file() + " names run " + dead.runId() + " of live process "
                    + dead.pid() + ", which does not hold " + lockFile + "; replaced by this run's marker");
            return false;
        }
        notice.accept("run " + dead.runId() + " (started " + dead.startedAt() + ", pid " + dead.pid()
                + ") died without an outcome; recorded as RunAborted");
        try {
            agent.announce(backupSet, runId, new RunAborted(dead.runId(), dead.startedAt(), dead.pid(), marker.file().toString()));
        } catch (JMSException | RuntimeException e) {
            notice.accept("could not publish RunAborted for run " + dead.runId() + ": " + e.getMessage());
        }
        return true;
    }
}
