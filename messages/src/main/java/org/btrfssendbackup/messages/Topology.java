package org.btrfssendbackup.messages;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.btrfssendbackup.messages.event.Require;

/**
 * The broker topology every module agrees on: one multicast address carrying every event,
 * an unfiltered audit queue, one filtered queue per consuming agent, and a dead-letter
 * address. The broker creates exactly these; agents and the console only use these names.
 */
public final class Topology {

    /** Multicast address every event is published to. */
    public static final String EVENTS_ADDRESS = "backup.events";

    /** Durable queue on {@link #EVENTS_ADDRESS} without a filter: the complete history. */
    public static final String AUDIT_QUEUE = "audit";

    /** Dead-letter address; it has one anycast queue of the same name. */
    public static final String DEAD_LETTER_ADDRESS = "backup.dead-letter";

    /** The anycast queue on {@link #DEAD_LETTER_ADDRESS}. */
    public static final String DEAD_LETTER_QUEUE = DEAD_LETTER_ADDRESS;

    /** Message string property: the event type name (what filters select on). */
    public static final String PROPERTY_TYPE = "type";
    /** Message string property: the backup set, absent for host-wide events. */
    public static final String PROPERTY_BACKUP_SET = "backupSet";
    /** Message string property: the host that emitted the event. */
    public static final String PROPERTY_HOST = "host";
    /** Message string property: the backup run, absent for events outside a run. */
    public static final String PROPERTY_RUN_ID = "runId";
    /** Message string property on dead letters we route ourselves: why it was dead-lettered. */
    public static final String PROPERTY_DEAD_LETTER_REASON = "deadLetterReason";
    /**
     * Message string property on a dead letter a consumer moved itself: the event id (its
     * duplicate id is not copied, or a second dead letter of the same event, after a retry,
     * would be dropped by the dead-letter address's duplicate detection).
     */
    public static final String PROPERTY_EVENT_ID = "eventId";
    /** Message int property on a dead letter a consumer moved itself: the attempts it had. */
    public static final String PROPERTY_DELIVERY_COUNT = "deliveryCount";

    /**
     * Message string property a producer's local broker sets on every event its bridge forwards
     * to the hub (the local broker's name). The hub's producer-agent queue takes no forwarded
     * events: that producer ran those steps on its own broker already.
     */
    public static final String PROPERTY_FORWARDED_FROM = "forwardedFrom";

    /** Artemis duplicate-detection property; we set it to the event id. */
    public static final String PROPERTY_DUPLICATE_ID = "_AMQ_DUPL_ID";
    /** Artemis property naming the queue a dead letter came from (Artemis sets it on its own dead letters). */
    public static final String PROPERTY_ORIGINAL_QUEUE = "_AMQ_ORIG_QUEUE";
    /** Artemis property naming the address a dead letter came from. */
    public static final String PROPERTY_ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";

    /**
     * The producer's run is a chain of steps, each triggered by the previous step's event:
     * BackupRequested → snapshot, SnapshotCreated → send, StreamSent → finish (prune, complete).
     * Triggers forwarded from a producer's local broker are not taken (they would wait there
     * forever, or run a step twice if a producer ever consumed the hub's queue).
     */
    public static final QueueSpec PRODUCER_AGENT_QUEUE = new QueueSpec("producer-agent",
            QueueSpec.forTypes("producer-agent", "BackupRequested", "SnapshotCreated", "StreamSent").filter()
                    + " AND " + PROPERTY_FORWARDED_FROM + " IS NULL");

    /** What starts a producer's host queue name at the hub: {@code producer-agent.HOST}. */
    public static final String PRODUCER_HOST_QUEUE_PREFIX = PRODUCER_AGENT_QUEUE.name() + ".";

    /** The pruner only reacts to requests; it always applies backup-srv's own retention config. */
    public static final QueueSpec PRUNER_AGENT_QUEUE = QueueSpec.forTypes("pruner-agent", "PruneRequested");

    private Topology() {
    }

    /**
     * Every filtered queue a broker without bound producer hosts creates on {@link #EVENTS_ADDRESS}
     * (the audit queue is not one of them); a hub adds {@link #producerHostQueue} per bound host
     * and narrows the shared queue with {@link #producerAgentQueue}.
     */
    public static List<QueueSpec> consumerQueues() {
        return List.of(PRODUCER_AGENT_QUEUE, PRUNER_AGENT_QUEUE);
    }

    /**
     * The hub's queue of one producer host, {@code producer-agent.HOST}: the one name the broker
     * creates, the producer service consumes and the console checks.
     *
     * @throws IllegalArgumentException when {@code host} is not a host name events may carry
     */
    public static String producerHostQueueName(String host) {
        return PRODUCER_HOST_QUEUE_PREFIX + checkedHost(host);
    }

    /**
     * The hub's queue of one producer host: the producer's triggers that name this host and were
     * published at the hub (a request from the console), not forwarded from a producer's own
     * broker (those steps ran there already). Host names have no quotes ({@link Require#HOST}),
     * so they are safe literals in the selector.
     */
    public static QueueSpec producerHostQueue(String host) {
        return new QueueSpec(producerHostQueueName(host), PRODUCER_AGENT_QUEUE.filter()
                + " AND " + PROPERTY_HOST + " = '" + host + "'");
    }

    /**
     * The shared producer-agent queue of a broker where the given hosts have their own queue: it
     * takes no trigger naming one of them, or a request for such a host would also wait there,
     * unread, forever. No hosts: {@link #PRODUCER_AGENT_QUEUE} unchanged.
     */
    public static QueueSpec producerAgentQueue(Collection<String> hostsWithOwnQueue) {
        if (hostsWithOwnQueue.isEmpty()) {
            return PRODUCER_AGENT_QUEUE;
        }
        String hosts = new TreeSet<>(hostsWithOwnQueue).stream().map(h -> "'" + checkedHost(h) + "'")
                .collect(Collectors.joining(", "));
        return new QueueSpec(PRODUCER_AGENT_QUEUE.name(), PRODUCER_AGENT_QUEUE.filter()
                + " AND (" + PROPERTY_HOST + " IS NULL OR " + PROPERTY_HOST + " NOT IN (" + hosts + "))");
    }

    private static String checkedHost(String host) {
        if (host == null || !Require.HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("invalid host name \"" + host + "\" for a producer queue (expected "
                    + Require.HOST.pattern() + ")");
        }
        if (host.contains("::")) {
            // Artemis reads "::" in a queue name as address::queue: the queue would be another one.
            throw new IllegalArgumentException("host name \"" + host + "\" cannot name a producer queue: \"::\" is "
                    + "Artemis' address::queue separator");
        }
        return host;
    }

    /** {@code backup.events::queue}: how a JMS client names a queue on the events address. */
    public static String fullyQualified(String queueOnEventsAddress) {
        return EVENTS_ADDRESS + "::" + queueOnEventsAddress;
    }
}
