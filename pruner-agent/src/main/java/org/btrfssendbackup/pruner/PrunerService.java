package org.btrfssendbackup.pruner;

import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.btrfssendbackup.core.metrics.MetricsState;
import org.btrfssendbackup.core.metrics.SetMetrics;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.btrfssendbackup.core.layout.StoredSets;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.messages.jms.StepConsumer;
import org.btrfssendbackup.messages.jms.StepSettings;
import org.btrfssendbackup.core.metrics.AlertCommand;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pruner on backup-srv, as a service: consumes PruneRequested on the pruner-agent queue
 * (when a broker is given) and prunes every set under BACKUP_ROOT once a day on its own, so
 * retention goes on when prod-srv is gone or the broker is down. A watchdog reconnects the
 * consumer when its session breaks (broker restart).
 *
 * <p>All-in-one use: {@code new PrunerService(settings, Optional.of(connectionFactory)).start()},
 * {@code close()} on shutdown.
 */
public final class PrunerService implements AutoCloseable {

    static final Duration WATCHDOG_PERIOD = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(PrunerService.class);

    private final PrunerServiceSettings settings;
    private final Optional<ConnectionFactory> broker;
    private final Pruner pruner;
    private final StepSettings stepSettings;
    private final Clock clock;
    private final EventSink sink;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "pruner-schedule");
        thread.setDaemon(false); // the service's reason to live
        return thread;
    });

    /** Each set's metrics from its last prune, scheduled or requested (PruneRequested), for /metrics, by set name. */
    private final Map<String, SetMetrics> lastPrunes = new ConcurrentSkipListMap<>();

    private Connection connection;
    private StepConsumer consumer;
    private boolean closed;

    /** @param broker empty: no events, schedule only (logged at start) */
    public PrunerService(PrunerServiceSettings settings, Optional<ConnectionFactory> broker) {
        this(settings, broker, Pruner.forBackupRoot(settings.backupRoot(), settings.scrub().checkMaxAge()),
                StepSettings.defaults(), Clock.systemUTC());
    }

    PrunerService(PrunerServiceSettings settings, Optional<ConnectionFactory> broker, Pruner pruner,
                  StepSettings stepSettings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.broker = Objects.requireNonNull(broker, "broker");
        this.pruner = Objects.requireNonNull(pruner, "pruner");
        this.stepSettings = Objects.requireNonNull(stepSettings, "stepSettings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sink = broker.<EventSink>map(BrokerEventSink::new).orElse(EventSink.NONE);
    }

    /** Attaches the consumer (fails here if the broker refuses) and arms the schedule. */
    public synchronized void start() throws JMSException {
        if (broker.isPresent()) {
            connectConsumer();
            timer.scheduleWithFixedDelay(this::watchdog, WATCHDOG_PERIOD.toMillis(), WATCHDOG_PERIOD.toMillis(),
                    TimeUnit.MILLISECONDS);
        } else {
            LOG.warn("pruner service: no broker configured; pruning on the schedule only, no events");
        }
        scheduleNext();
        LOG.info("pruner service: BACKUP_ROOT {}, policy {}, daily at {}", settings.backupRoot(), settings.policy(),
                settings.schedule());
    }

    /**
     * The scheduled pass: every set under BACKUP_ROOT with this host's policy. A failing set
     * is logged and does not stop the others. Public so the launcher and tests can run it now.
     */
    public List<PruneResult> pruneAllSets() {
        List<PruneResult> results = new ArrayList<>();
        List<BackupSetName> sets;
        try {
            sets = StoredSets.under(pruner.layout());
        } catch (IOException e) {
            LOG.error("scheduled prune: cannot list sets under {}: {}", settings.backupRoot(), e.toString());
            return results;
        }
        for (BackupSetName set : sets) {
            try {
                PruneResult result = pruner.prune(set, settings.policy(), false);
                PruneLog.summary(result);
                recordMetrics(result);
                sink.publish(PruneEvents.of(result, settings.host(), null));
                results.add(result);
            } catch (IOException | RuntimeException e) {
                LOG.error("scheduled prune of {} failed; the other sets go on, this one is retried next time: {}",
                        set, e.toString(), e);
            }
        }
        return results;
    }

    /**
     * The scheduled scrub, before the prune so that the prune plans on fresh results. A failure
     * is logged; the prune still runs (it checks what it relies on itself).
     */
    public Optional<ScrubResult> scrub() {
        try {
            ScrubResult result = new Scrubber(pruner.layout(), settings.scrub(), clock).scrub(Optional.empty());
            result.corrupt().forEach(c -> LOG.error("scrub: DAMAGED: {}", c.describe()));
            sink.publish(result.events(settings.host()));
            corruptAlert().check(Optional.empty());
            return Optional.of(result);
        } catch (IOException | RuntimeException e) {
            LOG.error("scheduled scrub under {} failed; retried next time: {}", settings.backupRoot(), e.toString(), e);
            return Optional.empty();
        }
    }

    private CorruptAlert corruptAlert() {
        return new CorruptAlert(pruner.layout(), new AlertCommand(settings.alertCommand(), new LocalProcessRunner()),
                settings.host(), clock, LOG::warn);
    }

    /**
     * What /metrics serves: each set's restore points and damaged streams as of its last
     * prune, scheduled or requested by a PruneRequested (none before the first), the store's space now, and, with a broker,
     * whether the consumer is attached.
     */
    public MetricsState metrics() {
        MetricsState state = MetricsState.ofSets(List.copyOf(lastPrunes.values()));
        try {
            FileStore store = Files.getFileStore(settings.backupRoot());
            state = state.withStore(store.getUsableSpace(), store.getTotalSpace());
        } catch (IOException e) {
            LOG.warn("metrics: cannot read the free space of BACKUP_ROOT {}: {}", settings.backupRoot(), e.toString());
        }
        return broker.isPresent() ? state.withBrokerUp(isConsuming()) : state;
    }

    private void recordMetrics(PruneResult result) {
        lastPrunes.put(result.set().value(), PruneMetrics.setMetrics(result));
    }

    /** Whether the PruneRequested consumer is attached (false without a broker). */
    public synchronized boolean isConsuming() {
        return consumer != null && consumer.isRunning();
    }

    @Override
    public synchronized void close() {
        closed = true;
        timer.shutdownNow();
        disconnect();
    }

    private void scheduleNext() {
        Instant now = clock.instant();
        Instant next = settings.schedule().nextAfter(now);
        LOG.info("pruner service: next scheduled prune at {}", next);
        timer.schedule(() -> {
            scrub();
            pruneAllSets();
            scheduleNext();
        }, Duration.between(now, next).toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void watchdog() {
        if (closed || isConsuming()) {
            return;
        }
        LOG.warn("pruner service: the PruneRequested consumer is not running; reconnecting");
        disconnect();
        try {
            connectConsumer();
        } catch (JMSException | RuntimeException e) {
            LOG.error("pruner service: reconnect failed, next try in {} s: {}", WATCHDOG_PERIOD.toSeconds(), e.toString());
            disconnect();
        }
    }

    private void connectConsumer() throws JMSException {
        connection = broker.orElseThrow().createConnection();
        consumer = new StepConsumer(connection, Topology.PRUNER_AGENT_QUEUE.name(), PruneRequestedStep.NAME,
                settings.host(), new PruneRequestedStep(pruner, settings.policy(), this::recordMetrics), stepSettings);
        consumer.start();
    }

    private void disconnect() {
        if (consumer != null) {
            consumer.stop();
            consumer = null;
        }
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException e) {
                LOG.debug("closing the broker connection: {}", e.toString());
            }
            connection = null;
        }
    }
}
