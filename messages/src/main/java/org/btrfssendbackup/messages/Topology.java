package org.btrfssendbackup.messages;

import java.util.List;

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

    /** The pruner only reacts to requests; it always applies backup-srv's own retention config. */
    public static final QueueSpec PRUNER_AGENT_QUEUE = QueueSpec.forTypes("pruner-agent", "PruneRequested");

    private Topology() {
    }

    /** Every filtered queue the broker must create on {@link #EVENTS_ADDRESS} (the audit queue is not one of them). */
    public static List<QueueSpec> consumerQueues() {
        return List.of(PRODUCER_AGENT_QUEUE, PRUNER_AGENT_QUEUE);
    }

    /** {@code backup.events::queue}: how a JMS client names a queue on the events address. */
    public static String fullyQualified(String queueOnEventsAddress) {
        return EVENTS_ADDRESS + "::" + queueOnEventsAddress;
    }
}
