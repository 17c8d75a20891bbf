package org.btrfssendbackup.producer.agent;

import jakarta.jms.JMSException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * ({@link #attach}) and recorded as RunAborted. With several backup sets each set has its own
 * marker (beside its own STATE_FILE) and the timer requests every set, in order.
 */
public final class ServiceRuns implements RunObserver {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceRuns.class);

    /** Marker per backup set; the key null (one-set constructor) stands for the agent's one set until attach. */
    private final Map<String, RunMarker> markers;
    private final Path lockFile;
    private final Clock clock;
    private ProducerAgent agent;

    /** One backup set: the agent's. */
    public ServiceRuns(RunMarker marker, Path lockFile, Clock clock) {
        this(singleton(Objects.requireNonNull(marker, "marker")), lockFile, clock);
    }

    /** @param markers the run marker of each backup set, in the order the timer requests them */
    public ServiceRuns(Map<String, RunMarker> markers, Path lockFile, Clock clock) {
        if (markers.isEmpty()) {
            throw new IllegalArgumentException("no backup set");
        }
        this.markers = new LinkedHashMap<>(markers);
        this.lockFile = Objects.requireNonNull(lockFile, "lockFile");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private static Map<String, RunMarker> singleton(RunMarker marker) {
        Map<String, RunMarker> m = new LinkedHashMap<>();
        m.put(null, marker);
        return m;
    }

    /** Call once the agent is started: a marker left by a killed service becomes a RunAborted. Returns the agent. */
    public synchronized ProducerAgent attach(ProducerAgent started) {
        this.agent = started;
        if (markers.containsKey(null)) {
            markers.put(started.backupSets().get(0), markers.remove(null));
        }
        markers.forEach((set, marker) -> {
            DeadRuns.record(marker, started, set, EventEnvelope.newRunId(), lockFile, LOG::warn);
            try {
                marker.delete();
            } catch (IOException e) {
                LOG.warn("cannot remove run marker {}: {}", marker.file(), e.getMessage());
            }
        });
        return started;
    }

    /** The timer's action: marks and requests a run of every backup set, in order. */
    public synchronized void requestScheduledBackup(String requestedBy) throws JMSException {
        for (Map.Entry<String, RunMarker> set : markers.entrySet()) {
            String runId = EventEnvelope.newRunId();
            RunMarker marker = set.getValue();
            try {
                marker.write(RunMarker.Entry.current(runId, clock.instant()));
            } catch (IOException e) {
                // The backup matters more than the marker; without it only a kill of this run goes unrecorded.
                LOG.warn("cannot write run marker {}: {}", marker.file(), e.getMessage());
            }
            agent.requestBackup(set.getKey(), runId, "timer", requestedBy, false);
        }
    }

    @Override
    public void onEvent(EventEnvelope event) {
        boolean ended = event.payload() instanceof BackupCompleted
                || event.payload() instanceof StepFailed failed && failed.isFinal();
        RunMarker marker;
        synchronized (this) {
            marker = markers.get(event.backupSet());
        }
        if (ended && event.runId() != null && marker != null) {
            try {
                marker.clear(event.runId());
            } catch (IOException e) {
                LOG.warn("cannot remove run marker {}: {}", marker.file(), e.getMessage());
            }
        }
    }
}
