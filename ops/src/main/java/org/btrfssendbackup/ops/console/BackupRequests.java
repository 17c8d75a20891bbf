package org.btrfssendbackup.ops.console;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import java.time.Clock;
import java.util.Arrays;

import org.btrfssendbackup.broker.BrokerClient;
import org.btrfssendbackup.broker.BrokerManagement;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.btrfssendbackup.messages.jms.EventPublisher;

/**
 * A BackupRequested for one set of one host, published where the client connects (the hub): the
 * one code path behind {@code btrfs-backup-console request} and the web console's "back up now".
 * The host's producer service takes it from its own queue there, {@code producer-agent.HOST}
 * (issue 16); without that queue (no producer user bound to the host: the all-in-one setup) it
 * goes to the shared producer-agent queue, which only a producer connected to this broker reads.
 */
public final class BackupRequests {

    /** What was published, and the queue the request will be taken from. */
    public record Published(EventEnvelope request, String queue, boolean hostQueue) {
    }

    private BackupRequests() {
    }

    /**
     * The request, built before anything is sent.
     *
     * @throws IllegalArgumentException for a host or set no queue or event can have
     */
    public static EventEnvelope request(Clock clock, String requester, String requestedBy, String host, String backupSet,
                                        boolean full) {
        Topology.producerHostQueueName(host);
        return EventEnvelope.create(clock, new BackupRequested(requester, requestedBy, full), host, backupSet,
                EventEnvelope.newRunId(), null);
    }

    public static Published publish(BrokerClient client, EventEnvelope request) throws JMSException {
        String queue = Topology.producerHostQueueName(request.host());
        boolean hostQueue;
        try (Connection connection = client.connect()) {
            try (BrokerManagement management = BrokerManagement.over(connection, BrokerManagement.DEFAULT_TIMEOUT)) {
                Object names = management.attribute(BrokerManagement.brokerResource(), "queueNames");
                hostQueue = names instanceof Object[] all && Arrays.asList(all).contains(queue);
            }
            new EventPublisher(connection.createSession(false, Session.AUTO_ACKNOWLEDGE)).publish(request);
        }
        return new Published(request, hostQueue ? queue : Topology.PRODUCER_AGENT_QUEUE.name(), hostQueue);
    }
}
