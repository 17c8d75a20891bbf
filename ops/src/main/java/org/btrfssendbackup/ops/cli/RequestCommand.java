package org.btrfssendbackup.ops.cli;

import jakarta.jms.JMSException;
import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.LocalHostName;
import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.ops.console.BackupRequests;

/**
 * {@code run} (alias {@code request}, its first name): a BackupRequested for one set of one host,
 * or for every set of it without {@code --set} (the envelope then names no set and the host's
 * producer agent requests each of its sets), published where the console connects (the hub). The
 * host's producer service takes it from its own queue there, {@code producer-agent.HOST} (issue
 * 16); without that queue (no producer user bound to the host: the all-in-one setup) it goes to the
 * shared producer-agent queue, which only a producer connected to this broker directly reads, and
 * the command says so.
 */
@Command(name = "run", aliases = "request", description = {"Ask one host's producer service for a backup now: of one set,"
        + " or of every set it has.",
        "Publishes a BackupRequested for --host and --set (without --set: for every backup set the host's producer "
        + "service has); that service (with BROKER_URL naming this broker) takes it from its queue producer-agent.HOST "
        + "here and runs it as its timer's. The one-shot run (cron, the timer unit) takes no requests. 'request' is "
        + "the same command's former name."})
final class RequestCommand extends ConsoleCommand {

    @Option(names = "--host", required = true, paramLabel = "HOST",
            description = "The producer host, as its events name it (see status).")
    String host;

    @Option(names = "--set", paramLabel = "SET",
            description = "The backup set (BACKUP_SET) on that host; without it every set of the host.")
    String backupSet;

    @Option(names = "--full", description = "Send a full stream even if an incremental one is possible.")
    boolean full;

    @Override
    public Integer call() throws JMSException {
        String queue;
        EventEnvelope request;
        try {
            queue = Topology.producerHostQueueName(host);
            request = BackupRequests.request(root().environment().clock(), "ops-console",
                    client().user() + "@" + LocalHostName.get(), host, backupSet, full);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        BackupRequests.Published published = BackupRequests.publish(client(), request);
        boolean hostQueue = published.hostQueue();
        String takenFrom = hostQueue ? queue : Topology.PRODUCER_AGENT_QUEUE.name();
        if (json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("eventId", request.eventId().toString());
            result.put("runId", request.runId());
            result.put("host", host);
            result.put("backupSet", backupSet);
            result.put("forceFull", full);
            result.put("queue", takenFrom);
            printJson(result);
        } else {
            out().println("requested a " + (full ? "full " : "") + "backup of "
                    + (backupSet == null ? "every set" : backupSet) + " on " + host + ": event "
                    + request.eventId() + ", run " + request.runId() + " (queue " + takenFrom + ")");
            out().flush();
        }
        if (!hostQueue) {
            err().println("notice: the broker has no queue " + queue + ": only a producer connected to it directly "
                    + "(all-in-one) takes this request; a producer service forwarding to it needs a producer user bound to "
                    + host + " in its BROKER_USERS");
            err().flush();
        }
        return ExitCodes.OK;
    }
}
