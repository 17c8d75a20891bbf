package org.btrfssendbackup.ops.cli;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.ops.console.BrokerProblem;
import org.btrfssendbackup.broker.AuditEvent;
import org.btrfssendbackup.ops.console.EventLine;

/**
 * {@code events tail}: a non-durable subscription on backup.events, so watching leaves no
 * queue behind and never holds back the agents' own queues.
 */
@Command(name = "tail", description = "Print events as they are published, until Ctrl-C (or --count events).")
final class EventsTailCommand extends ConsoleCommand {

    private static final long POLL_MILLIS = 250;

    @Mixin
    EventSelection selection;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N events (default: run until interrupted).")
    int count;

    @Override
    public Integer call() throws JMSException {
        if (count < 0) {
            throw usage("--count must not be negative, got " + count);
        }
        String selector = selection.filter(null, null).toSelector();
        // Interrupting the thread is how an embedding program (or a test) stops the tail.
        boolean interrupted = false;
        try (Connection connection = client().connect()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createTopic(Topology.EVENTS_ADDRESS), selector);
            connection.start();
            err().println("following " + Topology.EVENTS_ADDRESS + " at " + root().brokerUrl()
                    + (selector == null ? "" : " where " + selector) + " (Ctrl-C to stop)");
            err().flush();
            int seen = 0;
            while (count == 0 || seen < count) {
                Message message;
                try {
                    message = consumer.receive(POLL_MILLIS);
                } catch (JMSException | RuntimeException e) {
                    if (!BrokerProblem.isInterruption(e) && !Thread.currentThread().isInterrupted()) {
                        throw e;
                    }
                    message = null;
                    interrupted = true;
                }
                // Clear the flag so closing the connection is not interrupted too; set again below.
                if (Thread.interrupted() | interrupted) {
                    interrupted = true;
                    break;
                }
                if (message != null) {
                    printEvent(EventLine.of(AuditEvent.of(message)));
                    seen++;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return ExitCodes.OK;
    }
}
