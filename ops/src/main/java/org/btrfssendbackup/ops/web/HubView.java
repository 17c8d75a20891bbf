package org.btrfssendbackup.ops.web;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.btrfssendbackup.broker.AuditLog;
import org.btrfssendbackup.broker.BrokerClient;
import org.btrfssendbackup.broker.DeadLetter;
import org.btrfssendbackup.broker.DeadLetters;
import org.btrfssendbackup.broker.EventFilter;
import org.btrfssendbackup.core.metrics.MetricsState;
import org.btrfssendbackup.ops.console.ConsoleMetrics;
import org.btrfssendbackup.ops.console.EventLine;
import org.btrfssendbackup.ops.console.SetStatus;
import org.btrfssendbackup.ops.console.StatusEvaluator;
import org.btrfssendbackup.ops.console.StoreFacts;

/**
 * What the web console reads, through the console's own pieces: the audit log and dead letters
 * over the operator's BrokerClient, StatusEvaluator for the verdicts, ConsoleMetrics for the
 * metrics and StoreFacts (the one store reader) for the store when it is on this host.
 */
public final class HubView {

    private final Supplier<BrokerClient> client;
    private final Optional<Path> backupRoot;
    private final Clock clock;
    private final Duration maxAge;

    public HubView(Supplier<BrokerClient> client, Optional<Path> backupRoot, Clock clock, Duration maxAge) {
        this.client = client;
        this.backupRoot = backupRoot;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    public BrokerClient client() {
        return client.get();
    }

    public Clock clock() {
        return clock;
    }

    public Optional<Path> backupRoot() {
        return backupRoot;
    }

    /** Reads the hub (a RuntimeException when it cannot be reached) and the store (a problem line when unreadable). */
    public Fleet fleet() {
        Instant now = clock.instant();
        List<EventLine> events;
        List<DeadLetter> letters;
        BrokerClient operator = client.get();
        try (AuditLog audit = AuditLog.connect(operator); DeadLetters deadLetters = DeadLetters.connect(operator)) {
            events = audit.list(EventFilter.ALL).stream().map(EventLine::of).toList();
            letters = deadLetters.list();
        }
        List<SetStatus> statuses = StatusEvaluator.evaluate(events, letters, List.of(), now, maxAge);
        MetricsState metrics = ConsoleMetrics.of(events, letters, now, maxAge);
        StoreFacts store = null;
        String problem = null;
        if (backupRoot.isPresent()) {
            try {
                store = StoreFacts.read(backupRoot.get());
                metrics = metrics.withStore(store.freeBytes(), store.totalBytes());
            } catch (IOException | RuntimeException e) {
                problem = "cannot read the store " + backupRoot.get() + ": " + e.getMessage();
            }
        }
        return new Fleet(now, statuses, metrics, store, problem, letters.size());
    }

    /** The metrics as the console's {@code metrics} writes them; broker_up 0 when the hub cannot be read. */
    public MetricsState metrics() {
        try {
            return fleet().metrics();
        } catch (RuntimeException e) {
            return MetricsState.ofSets(List.of()).withBrokerUp(false);
        }
    }
}
