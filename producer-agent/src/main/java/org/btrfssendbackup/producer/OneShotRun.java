package org.btrfssendbackup.producer;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.jms.JMSException;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.btrfssendbackup.core.logging.JournalStream;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.messages.JsonFormats;
import org.btrfssendbackup.core.config.BackupMode;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.jms.StepSettings;
import org.btrfssendbackup.producer.agent.DeadRuns;
import org.btrfssendbackup.producer.agent.ProducerAgent;
import org.btrfssendbackup.producer.agent.RunOutcome;
import org.btrfssendbackup.producer.agent.RunTracker;
import org.btrfssendbackup.producer.broker.BrokerConnection;
import org.btrfssendbackup.producer.monitor.AlertHook;
import org.btrfssendbackup.producer.monitor.HistoryFile;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.metrics.RunHistory;
import org.btrfssendbackup.producer.state.LockHeldException;
import org.btrfssendbackup.producer.state.RunLock;
import org.btrfssendbackup.producer.state.RunMarker;
import org.btrfssendbackup.producer.steps.ProducerTools;

/**
 * One backup run from the command line (the seed's cron line): take LOCK_FILE, reach the
 * broker (or start the embedded one), drive the steps in this process through the broker, and
 * wait for this run's BackupCompleted or its final failure, printing the timeline.
 */
public record OneShotRun(ProducerConfig config, ProducerTools tools, Supplier<BrokerConnection> broker, Options options,
                         PrintStream out, PrintStream err) {

    /**
     * @param waitForLock wait for LOCK_FILE instead of exiting with {@link ExitCodes#LOCKED}
     * @param json        print only a one-line JSON summary on stdout
     * @param timeout     give up (failed) when the run has no outcome after this long; null = RUN_DEADLINE
     * @param quiet       -q (the cron line): nothing on stdout, and on failure only {@link FailureSummary}'s line
     * @param journal     stderr is the journal: the failure lines carry {@code <3>} ({@link JournalStream#failure})
     */
    public record Options(boolean waitForLock, boolean forceFull, boolean json, Duration timeout,
                          StepSettings stepSettings, boolean quiet, boolean journal) {
        public Options(boolean waitForLock, boolean forceFull, boolean json, Duration timeout, StepSettings stepSettings) {
            this(waitForLock, forceFull, json, timeout, stepSettings, false);
        }

        public Options(boolean waitForLock, boolean forceFull, boolean json, Duration timeout, StepSettings stepSettings,
                       boolean quiet) {
            this(waitForLock, forceFull, json, timeout, stepSettings, quiet, false);
        }

        public static Options defaults() {
            return new Options(false, false, false, null, StepSettings.defaults());
        }
    }

    /** @return an exit status of {@link ExitCodes} */
    public int run() throws IOException, InterruptedException {
        RunLock lock = new RunLock(config.lockFile(), tools.clock());
        try (RunLock.Held held = takeLock(lock)) {
            return runLocked(lock);
        } catch (LockHeldException e) {
            err.println(e.getMessage());
            return ProducerExitCodes.LOCKED;
        }
    }

    private RunLock.Held takeLock(RunLock lock) throws IOException {
        try {
            return lock.tryAcquire();
        } catch (LockHeldException e) {
            if (!options.waitForLock()) {
                throw e;
            }
            err.println(e.getMessage() + "; waiting for it (--wait)");
            return lock.acquireWaiting();
        }
    }

    /**
     * The run of this set while the caller already holds {@code lock} (LOCK_FILE), as the run of
     * several backup sets does: one lock for all the sets, taken once.
     *
     * @return an exit status of {@link ExitCodes}
     */
    public int runHolding(RunLock lock) throws InterruptedException {
        return runLocked(lock);
    }

    private int runLocked(RunLock lock) throws InterruptedException {
        BrokerConnection connection;
        try {
            connection = broker.get();
        } catch (RuntimeException e) {
            return failedBeforeRun("cannot start or reach the broker: " + e.getMessage());
        }
        try (connection) {
            RunTracker tracker = new RunTracker(options.stepSettings().redelivery().maxAttempts(), event -> {
                if (!options.json() && !options.quiet()) {
                    out.println(Timeline.line(event));
                }
            });
            ProducerAgent agent;
            try {
                agent = ProducerAgent.start(config, tools, connection.connectionFactory(), lock, options.stepSettings(),
                        tracker);
            } catch (JMSException | RuntimeException e) {
                return failedBeforeRun("cannot reach the broker (" + connection + "): " + e.getMessage());
            }
            String runId = EventEnvelope.newRunId();
            RunOutcome outcome;
            try (agent) {
                tracker.follow(runId);
                RunMarker marker = new RunMarker(config.stateFile());
                DeadRuns.record(marker, agent, runId, config.lockFile(), err::println);
                writeMarker(marker, runId);
                try {
                    try {
                        agent.requestBackup(runId, "cli", System.getProperty("user.name", "root"), options.forceFull());
                    } catch (JMSException e) {
                        return failedBeforeRun("cannot publish the backup request to the broker (" + connection
                                + "): " + e.getMessage());
                    }
                    Duration deadline = options.timeout() != null ? options.timeout() : config.runDeadline();
                    outcome = tracker.await(deadline, agent::isRunning);
                    if (!outcome.succeeded()) {
                        // A step may still hang (the deadline passed): do not wait for it to give the lock back.
                        agent.abort();
                    }
                } finally {
                    clearMarker(marker, runId);
                }
            }
            // After the agent stopped, so the last step's events are committed to the local journal.
            Long waiting = connection.forwardsToHub() ? connection.awaitForwarded(config.broker().forwardWait()) : null;
            report(runId, outcome, waiting);
            recordHistory(outcome);
            return outcome.succeeded() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    /** A run that failed before its steps could start: said on stderr and recorded as a failed run. */
    private int failedBeforeRun(String why) {
        err.println(JournalStream.failure(options.quiet() ? FailureSummary.beforeSteps(config.backupSet(), why) : why,
                options.journal()));
        recordHistory(RunOutcome.failed(why, List.of()));
        return ExitCodes.FAILED;
    }

    /**
     * STATE_FILE.history, which the metrics read, then ALERT_COMMAND when the verdict left OK or came
     * back; the backup stands even when either fails.
     */
    private void recordHistory(RunOutcome outcome) {
        Path file = HistoryFile.of(config);
        try {
            RunHistory before = HistoryFile.read(file);
            Instant end = tools.clock().instant();
            RunHistory after = outcome.succeeded()
                    ? outcome.completed().map(c -> before.succeeded(end, Duration.ofMillis(c.durationMillis()),
                            c.bytes())).orElseThrow()
                    : before.failed(end, outcome.failure().orElse("no outcome"));
            HistoryFile.write(file, after);
        } catch (IOException e) {
            err.println("warning: cannot record the run in " + file + ": " + e.getMessage());
            return;
        }
        new AlertHook(config.monitor().alertCommand(), new LocalProcessRunner(), w -> err.println("warning: " + w))
                .check(config, tools.host(), tools.clock().instant());
    }

    private void writeMarker(RunMarker marker, String runId) {
        try {
            marker.write(RunMarker.Entry.current(runId, tools.clock().instant()));
        } catch (IOException e) {
            // The backup matters more than the marker; without it only a kill of this run goes unrecorded.
            err.println("warning: cannot write run marker " + marker.file() + ": " + e.getMessage());
        }
    }

    private void clearMarker(RunMarker marker, String runId) {
        try {
            marker.clear(runId);
        } catch (IOException e) {
            err.println("warning: cannot remove run marker " + marker.file() + ": " + e.getMessage());
        }
    }

    /** @param waiting events not yet forwarded to the hub; null when this run's broker is not forwarding */
    private void report(String runId, RunOutcome outcome, Long waiting) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("status", outcome.succeeded() ? "ok" : "failed");
        summary.put("runId", runId);
        summary.put("backupSet", config.backupSet());
        outcome.completed().ifPresent(c -> {
            summary.put("snapshot", c.snapshot());
            summary.put("kind", c.kind().name().toLowerCase());
            summary.put("parent", c.parent());
            summary.put("bytes", c.bytes());
            summary.put("sha256", c.sha256());
            summary.put("durationMillis", c.durationMillis());
        });
        outcome.failure().ifPresent(f -> summary.put("error", f));
        if (waiting != null) {
            summary.put("eventsAwaitingForward", waiting);
        }
        if (options.json()) {
            try {
                out.println(JsonFormats.line().writeValueAsString(summary));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("JSON of a plain map cannot fail", e);
            }
        } else if (options.quiet()) {
            // The cron line: a clean success is silent, a failure is one line that stands alone in the mail.
            if (!outcome.succeeded()) {
                err.println(JournalStream.failure(FailureSummary.of(config.backupSet(), outcome), options.journal()));
            }
        } else if (outcome.succeeded()) {
            out.println("backup " + summary.get("snapshot") + " (" + summary.get("kind") + ") "
                    + (config.mode() == BackupMode.REMOTE_BTRFS ? "received" : "stored") + " and confirmed");
        }
        if (!options.quiet()) {
            outcome.failure().ifPresent(f -> err.println(JournalStream.failure("backup failed: " + f, options.journal())));
        }
        if (waiting != null && waiting > 0) {
            err.println(ForwardNotice.text(waiting, config.broker()));
        }
    }
}
