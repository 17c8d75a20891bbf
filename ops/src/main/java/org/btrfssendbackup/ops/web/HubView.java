package org.btrfssendbackup.ops.web;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

import org.btrfssendbackup.broker.AuditEvent;
import org.btrfssendbackup.broker.AuditLog;
import org.btrfssendbackup.broker.BrokerClient;
import org.btrfssendbackup.broker.DeadLetter;
import org.btrfssendbackup.broker.DeadLetters;
import org.btrfssendbackup.broker.EventFilter;
import org.btrfssendbackup.core.metrics.MetricsState;
import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.ops.console.ConsoleMetrics;
import org.btrfssendbackup.ops.console.DeadLetterView;
import org.btrfssendbackup.ops.console.FailureReasons;
import org.btrfssendbackup.ops.console.EventLine;
import org.btrfssendbackup.ops.console.HubHistory;
import org.btrfssendbackup.ops.console.SetStatus;
import org.btrfssendbackup.ops.console.StatusEvaluator;
import org.btrfssendbackup.ops.console.StoreFacts;
import org.btrfssendbackup.ops.console.StoredRestorePoints;
import org.btrfssendbackup.ops.console.RestorePointExplanation;
import org.btrfssendbackup.ops.console.SetExplanations;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.retention.RetentionPolicy;

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
    private final Optional<RetentionPolicy> policy;

    public HubView(Supplier<BrokerClient> client, Optional<Path> backupRoot, Clock clock, Duration maxAge) {
        this(client, backupRoot, clock, maxAge, Optional.empty());
    }

    /** @param policy the pruner's KEEP_* (backup-srv's config file), when it is on this host: the set page's "why kept" */
    public HubView(Supplier<BrokerClient> client, Optional<Path> backupRoot, Clock clock, Duration maxAge,
                   Optional<RetentionPolicy> policy) {
        this.client = client;
        this.backupRoot = backupRoot;
        this.clock = clock;
        this.maxAge = maxAge;
        this.policy = policy;
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
        HubHistory history = HubHistory.read(client.get());
        List<EventLine> events = history.events();
        List<DeadLetter> letters = history.deadLetters();
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

    /** The dead letters with the reason each failed, as {@code dlq list} shows them. */
    public List<DeadLetterView> deadLetters() {
        BrokerClient operator = client.get();
        try (DeadLetters deadLetters = DeadLetters.connect(operator)) {
            List<DeadLetter> letters = deadLetters.list();
            List<EventLine> failures = List.of();
            if (letters.stream().anyMatch(letter -> letter.deadLetterReason() == null)) {
                try (AuditLog audit = AuditLog.connect(operator)) {
                    failures = audit.list(EventFilter.ALL.withType("StepFailed")).stream().map(EventLine::of).toList();
                }
            }
            return FailureReasons.attach(letters, failures);
        }
    }

    /** Sends one dead letter back to the queue it failed on (as {@code dlq retry ID}); false when it is gone. */
    public boolean retry(long messageId) {
        try (DeadLetters deadLetters = DeadLetters.connect(client.get())) {
            return deadLetters.retry(messageId);
        }
    }

    /** Deletes every dead letter (as {@code dlq purge}); the number deleted. */
    public long purge() {
        try (DeadLetters deadLetters = DeadLetters.connect(client.get())) {
            return deadLetters.purge();
        }
    }

    public List<EventLine> audit(EventFilter filter) {
        try (AuditLog audit = AuditLog.connect(client.get())) {
            return audit.list(filter).stream().map(EventLine::of).toList();
        }
    }

    /**
     * Follows the events topic as {@code events tail} does (a non-durable subscription, so
     * watching leaves nothing behind); each event goes to the listener on the JMS thread.
     * Closing the returned connection ends it.
     */
    public Connection follow(Consumer<EventLine> listener) throws JMSException {
        Connection connection = client.get().connect();
        try {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createTopic(Topology.EVENTS_ADDRESS));
            consumer.setMessageListener(message -> {
                try {
                    listener.accept(EventLine.of(AuditEvent.of(message)));
                } catch (JMSException | RuntimeException e) {
                    // one unreadable message must not end the page's stream
                    LoggerFactory.getLogger(HubView.class).warn("live events: skipped a message: {}", e.toString());
                }
            });
            connection.start();
            return connection;
        } catch (JMSException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** One set's stored restore points, oldest first, through the one store reader; empty without a store here. */
    public StoredRestorePoints.Listing restorePoints(String backupSet) throws IOException {
        if (backupRoot.isEmpty()) {
            return new StoredRestorePoints.Listing(List.of(), List.of("the store is not on this host (no BACKUP_ROOT)"));
        }
        StoredRestorePoints.Listing all = StoredRestorePoints.read(backupRoot.get());
        return new StoredRestorePoints.Listing(all.rows().stream().filter(r -> r.set().equals(backupSet)).toList(),
                all.problems().stream().filter(p -> p.startsWith(backupSet + ": ")).toList());
    }

    /**
     * One set's points as the pruner sees them (its scan: check records, manifests) explained: why
     * each is kept by the pruner's planner and policy, what is damaged and what that takes down.
     * Empty explanations without a store here; no reasons without the policy.
     */
    public SetView setView(String backupSet) throws IOException {
        StoredRestorePoints.Listing listing = restorePoints(backupSet);
        if (backupRoot.isEmpty() || listing.rows().isEmpty()) {
            return new SetView(listing, Map.of(), policy);
        }
        return new SetView(listing, SetExplanations.read(backupRoot.get(), BackupSetName.of(backupSet), policy,
                clock.instant()), policy);
    }

    /** A set page's content: the stored rows, each point's explanation by snapshot name, and the policy used. */
    public record SetView(StoredRestorePoints.Listing listing, Map<String, RestorePointExplanation> explanations,
                          Optional<RetentionPolicy> policy) {
    }
}
