package org.btrfssendbackup.producer.agent;

import jakarta.jms.JMSException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.StepFailed;
import org.btrfssendbackup.producer.state.RunMarker;
import org.btrfssendbackup.producer.steps.RunObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's runs leave the same trace as the one-shot's: STATE_FILE.running is written when
 * the timer requests a backup and removed when that run ends (BackupCompleted, or a StepFailed
 * marked final), so a service killed in the middle of a run is found at its next start
 * ({@link #attach}) and recorded as RunAborted.
 */
public final class ServiceRuns implements RunObserver {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceRuns.class);

    private final RunMarker marker;
    private final Path lockFile;
    private final Clock clock;
    private ProducerAgent agent;

    public ServiceRuns(RunMarker marker, Path lockFile, Clock clock) {
        this.marker = Objects.requireNonNull(marker, "marker");
        this.lockFile = Objects.requireNonNull(lockFile, "lockFile");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Call once the agent is started: a marker left by a killed service becomes a RunAborted. Returns the agent. */
    public synchronized ProducerAgent attach(ProducerAgent started) {
        this.agent = started;
        DeadRuns.record(marker, started, EventEnvelope.newRunId(), lockFile, LOG::warn);
        try {
            marker.delete();
        } catch (IOException e) {
            LOG.warn("cannot remove run marker {}: {}", marker.file(), e.getMessage());
        }
        return started;
    }

    /** The timer's action: marks the run, then requests it. */
    public synchronized void requestScheduledBackup(String requestedBy) throws JMSException {
        String runId = EventEnvelope.newRunId();
        try {
            marker.write(RunMarker.Entry.current(runId, clock.instant()));
        } catch (IOException e) {
            // The backup matters more than the marker; without it only a kill of this run goes unrecorded.
            LOG.warn("cannot write run marker {}: {}", marker.file(), e.getMessage());
        }
        agent.requestBackup(runId, "timer", requestedBy, false);
    }

    @Override
    public void onEvent(EventEnvelope event) {
        boolean ended = event.payload() instanceof BackupCompleted
                || event.payload() instanceof StepFailed failed && failed.isFinal();
        if (ended && event.runId() != null) {
            try {
                marker.clear(event.runId());
            } catch (IOException e) {
                LOG.warn("cannot remove run marker {}: {}", marker.file(), e.getMessage());
            }
        }
    }
}
