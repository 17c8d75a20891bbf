package org.btrfssendbackup.broker;

import java.util.List;

/**
 * PRIVATE STAND-IN for {@code org.btrfssendbackup.messages.Topology}, which is being written
 * in parallel. It holds exactly the same names; at merge the lead replaces every use of this
 * class with messages.Topology and deletes it.
 */
final class TopologyNames {

    static final String EVENTS_ADDRESS = "backup.events";
    static final String AUDIT_QUEUE = "audit";
    static final String DEAD_LETTER_ADDRESS = "backup.dead-letter";
    static final String DEAD_LETTER_QUEUE = DEAD_LETTER_ADDRESS;

    static final String PROPERTY_TYPE = "type";
    static final String PROPERTY_BACKUP_SET = "backupSet";
    static final String PROPERTY_HOST = "host";
    static final String PROPERTY_RUN_ID = "runId";
    static final String PROPERTY_DEAD_LETTER_REASON = "deadLetterReason";

    static final String PRODUCER_AGENT_QUEUE = "producer-agent";
    static final String PRUNER_AGENT_QUEUE = "pruner-agent";

    /** Stand-in for messages.QueueSpec. */
    record QueueSpec(String name, String filter) {
    }

    private TopologyNames() {
    }

    static List<QueueSpec> consumerQueues() {
        return List.of(
                new QueueSpec(PRODUCER_AGENT_QUEUE, "type IN ('BackupRequested', 'SnapshotCreated', 'StreamSent')"),
                new QueueSpec(PRUNER_AGENT_QUEUE, "type IN ('PruneRequested')"));
    }

    static String fullyQualified(String queueOnEventsAddress) {
        return EVENTS_ADDRESS + "::" + queueOnEventsAddress;
    }
}
