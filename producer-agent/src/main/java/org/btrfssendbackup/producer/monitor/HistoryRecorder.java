package org.btrfssendbackup.producer.monitor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.core.metrics.RunHistory;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.ServiceRestartFailed;
import org.btrfssendbackup.messages.event.StepFailed;
import org.btrfssendbackup.producer.steps.RunObserver;

/**
 * The service's runs recorded in STATE_FILE.history as the one-shot's are: a BackupCompleted is a
 * success, a final StepFailed a failure, and a run that left services down (ServiceRestartFailed,
 * published before its BackupCompleted) a failure even though its backup is stored, as
 * {@link org.btrfssendbackup.producer.agent.RunVerdict} says; then ALERT_COMMAND as after a one-shot
 * run ({@link AlertHook}). Passes every call on to {@code next}.
 */
public final class HistoryRecorder implements RunObserver {

    private final Map<String, ProducerConfig> sets;
    private final String host;
    private final ProcessRunner runner;
    private final Clock clock;
    private final RunObserver next;
    private final Consumer<String> warning;
    private final Set<String> runsWithServicesDown = ConcurrentHashMap.newKeySet();

    /**
     * @param sets   each backup set's config (its STATE_FILE.history and ALERT_COMMAND), by set name
     * @param runner runs ALERT_COMMAND after a record changed the verdict
     */
    public HistoryRecorder(Map<String, ProducerConfig> sets, String host, Clock clock, RunObserver next,
                           ProcessRunner runner, Consumer<String> warning) {
        this.sets = Map.copyOf(sets);
        this.host = host;
        this.runner = runner;
        this.clock = clock;
        this.next = next;
        this.warning = warning;
    }

    @Override
    public void onEvent(EventEnvelope event) {
        next.onEvent(event);
        if (event.payload() instanceof ServiceRestartFailed && event.runId() != null) {
            runsWithServicesDown.add(event.runId());
        } else if (event.payload() instanceof BackupCompleted done) {
            if (event.runId() != null && runsWithServicesDown.remove(event.runId())) {
                record(event, h -> h.failed(clock.instant(), "backup " + done.snapshot()
                        + " stored, but services were left down (ServiceRestartFailed)"));
            } else {
                record(event, h -> h.succeeded(clock.instant(), Duration.ofMillis(done.durationMillis()), done.bytes()));
            }
        } else if (event.payload() instanceof StepFailed failed && failed.isFinal()) {
            record(event, h -> h.failed(clock.instant(), failed.step() + " failed (attempt " + failed.attempt() + "): "
                    + failed.causeMessage()));
        }
    }

    @Override
    public void onStepFailed(EventEnvelope trigger, int attempt, Throwable failure) {
        next.onStepFailed(trigger, attempt, failure);
    }

    private synchronized void record(EventEnvelope event, UnaryOperator<RunHistory> change) {
        ProducerConfig set = sets.get(event.backupSet());
        if (set == null) {
            return;
        }
        Path file = HistoryFile.of(set);
        try {
            HistoryFile.write(file, change.apply(HistoryFile.read(file)));
        } catch (IOException | RuntimeException e) {
            warning.accept("cannot record the run of " + event.backupSet() + " in " + file + ": " + e.getMessage());
            return;
        }
        new AlertHook(set.monitor().alertCommand(), runner, warning).check(set, host, clock.instant());
    }
}
