package org.btrfssendbackup.producer;

import org.btrfssendbackup.core.cli.ExitCodes;
import java.io.IOException;
import org.btrfssendbackup.core.metrics.MetricsServer;
import org.btrfssendbackup.producer.monitor.HistoryRecorder;
import org.btrfssendbackup.producer.monitor.ProducerMetrics;
import org.btrfssendbackup.messages.LocalHostName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.btrfssendbackup.core.config.BackupSets.BackupSet;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.messages.jms.StepSettings;
import org.btrfssendbackup.core.schedule.DailySchedule;
import org.btrfssendbackup.core.schedule.DailyTimer;
import org.btrfssendbackup.producer.agent.ServiceRuns;
import org.btrfssendbackup.producer.state.RunMarker;
import org.btrfssendbackup.producer.agent.ProducerAgent;
import org.btrfssendbackup.producer.broker.BrokerConnection;
import org.btrfssendbackup.producer.broker.HubRequests;
import org.btrfssendbackup.producer.state.RunLock;
import org.btrfssendbackup.producer.steps.ProducerTools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/** {@code service}: consume the producer-agent queue and request a run daily at BACKUP_SCHEDULE, until SIGTERM. */
@Command(name = "service", description = {"Runs the producer-agent until SIGTERM, with a daily backup of every set at BACKUP_SCHEDULE.",
                "Consumes the producer-agent queue (runs the ops console requests too; with BROKER_URL naming a hub, "
                + "also this host's queue producer-agent.HOST there) and "
                + "requests a backup run of every backup set every day at BACKUP_SCHEDULE (local time, default 02:05); "
                + "a request naming one set runs that set only. Do not also keep the "
                + "cron line: LOCK_FILE would make one of them wait or retry. Exits 1 when the broker connection is lost "
                + "(systemd restarts it)."})
final class ServiceCommand extends ProducerSubcommand {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceCommand.class);

    @Override
    public Integer call() throws Exception {
        List<BackupSet> sets = sets();
        List<ProducerAgent.SetTools> setTools = new ArrayList<>();
        Map<String, RunMarker> markers = new LinkedHashMap<>();
        for (BackupSet set : sets) {
            SecretFiles.check(set.config());
            setTools.add(new ProducerAgent.SetTools(set.config(),
                    ProducerTools.production(set.config(), new LocalProcessRunner(), LocalHostName.get())));
            markers.put(set.name(), new RunMarker(set.config().stateFile()));
        }
        // LOCK_FILE, BACKUP_SCHEDULE and the broker keys are the whole run's (prod.conf's): any set's are the same.
        ProducerConfig loaded = sets.get(0).config();
        ProducerTools tools = setTools.get(0).tools();
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "producer-shutdown"));
        // Each scheduled run marks itself (STATE_FILE.running) until it ends, so a killed service is
        // recorded as RunAborted at its next start, as a killed one-shot run is by the next run.
        ServiceRuns runs = new ServiceRuns(markers, loaded.lockFile(), tools.clock());
        Map<String, ProducerConfig> byName = new LinkedHashMap<>();
        sets.forEach(set -> byName.put(set.name(), set.config()));
        HistoryRecorder recorder = new HistoryRecorder(byName, tools.host(), tools.clock(), runs,
                new LocalProcessRunner(), LOG::warn);
        try (BrokerConnection broker = BrokerConnection.open(loaded, main.brokerDir);
             ProducerAgent agent = runs.attach(ProducerAgent.start(setTools, broker.connectionFactory(),
                     new RunLock(loaded.lockFile(), tools.clock()), StepSettings.defaults(), recorder));
             // With BROKER_URL naming a hub: this host's requests from the console there (issue 16).
             AutoCloseable hubRequests = HubRequests.startFor(broker, tools.host(), agent.backupSets(),
                     StepSettings.defaults()).<AutoCloseable>map(r -> r).orElse(() -> { });
             MetricsServer metrics = metricsEndpoint(loaded, sets, tools, agent);
             DailyTimer schedule = DailyTimer.start(DailySchedule.localTime(loaded.schedule()), tools.clock(),
                     "backup-schedule", () -> runs.requestScheduledBackup("producer-agent@" + tools.host()))) {
            LOG.info("producer-agent for {} running ({}); next backup at {}", agent.backupSets(), broker,
                    schedule.nextRun());
            while (!stop.await(1, TimeUnit.SECONDS)) {
                if (!agent.isRunning()) {
                    LOG.error("the producer-agent consumer stopped (broker connection lost?); exiting");
                    return ExitCodes.FAILED;
                }
            }
            LOG.info("SIGTERM: stopping the producer-agent");
            return ExitCodes.OK;
        } finally {
            stopped.countDown();
        }
    }

    /** /metrics at METRICS_LISTEN (none when it is not set): every set's history, and whether the broker is there. */
    private static MetricsServer metricsEndpoint(ProducerConfig loaded, List<BackupSet> sets, ProducerTools tools,
                                                 ProducerAgent agent) throws IOException {
        if (loaded.monitor().metricsListen().isEmpty()) {
            return null;
        }
        List<ProducerConfig> configs = sets.stream().map(BackupSet::config).toList();
        return MetricsServer.start(loaded.monitor().metricsListen().get(), () -> ProducerMetrics.of(configs,
                tools.host(), tools.clock().instant(), LOG::warn).withBrokerUp(agent.isRunning()));
    }
}
