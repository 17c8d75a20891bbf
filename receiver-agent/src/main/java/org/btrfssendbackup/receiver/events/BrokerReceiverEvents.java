package org.btrfssendbackup.receiver.events;

import org.btrfssendbackup.messages.LocalHostName;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.btrfssendbackup.broker.BrokerClient;
import org.btrfssendbackup.core.config.BrokerSettings;
import org.btrfssendbackup.core.config.LuksSettings;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.EventPayload;
import org.btrfssendbackup.messages.jms.EventPublisher;
import org.btrfssendbackup.core.protocol.ReceiverProtocol;
import org.btrfssendbackup.receiver.btrfs.PruneReceivedResult;
import org.btrfssendbackup.receiver.putstream.PutStreamResult;
import org.btrfssendbackup.receiver.btrfs.ReceiveResult;

/**
 * Publishes the receiver's events (StreamReceived, LuksOpened, LuksClosed, SnapshotPruned,
 * PruneCompleted, CommandRefused) to the broker named by BROKER_URL, as the receiver's own
 * broker user. Storing never depends on the broker: each event gets one connection attempt
 * bounded by {@link #DEFAULT_TIMEOUT} in all, and any failure (no broker, wrong password,
 * unreadable password file, timeout) becomes ONE line on stderr
 * ({@code event not published: ...}) while the command keeps its exit status and reply. After
 * one failure the rest of this command's events are not attempted (each is still reported),
 * so a prune with many deletions cannot take many timeouts.
 */
public final class BrokerReceiverEvents implements ReceiverEvents {

    /**
     * Connect, authenticate and have the durable send confirmed, all within this. Generous for
     * a loopback broker, because every call is a cold JVM on a possibly busy host (3 s was
     * measured too short while the whole test suite ran on two cores).
     */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Supplier<BrokerClient> client;
    private final String host;
    private final Optional<String> remoteAddress;
    private final Duration timeout;
    private final PrintStream stderr;
    private final Clock clock;
    private String brokerFailure;

    /**
     * @param client        made only when an event is published, so a bad password file is
     *                      reported like any other broker failure instead of failing the command
     * @param remoteAddress the SSH client's address, when known
     */
    public BrokerReceiverEvents(Supplier<BrokerClient> client, String host, Optional<String> remoteAddress,
                                Duration timeout, PrintStream stderr, Clock clock) {
        this.client = client;
        this.host = host;
        this.remoteAddress = remoteAddress;
        this.timeout = timeout;
        this.stderr = stderr;
        this.clock = clock;
    }

    /** Events to the configured broker, or none when BROKER_URL is not set. */
    public static ReceiverEvents forSettings(BrokerSettings broker, Optional<String> remoteAddress, PrintStream stderr) {
        if (broker.url().isEmpty()) {
            return new NoReceiverEvents();
        }
        String url = broker.url().get();
        Supplier<BrokerClient> client = () -> BrokerClient.configured(broker).orElseThrow();
        warmUp(url);
        return new BrokerReceiverEvents(client, LocalHostName.get(), remoteAddress, DEFAULT_TIMEOUT, stderr,
                Clock.systemUTC());
    }

    /**
     * Loads the JMS client and JSON classes in the background while the command runs (an upload
     * takes seconds), so the publishing deadline is spent on the network, not on class loading.
     */
    private static void warmUp(String url) {
        Thread warmUp = new Thread(() -> {
            try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url)) {
                new org.btrfssendbackup.messages.EventCodec();
            } catch (RuntimeException ignored) {
                // a bad URL is reported when the event is published
            }
        }, "receiver-event-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    @Override
    public void streamReceived(PutStreamResult result, Duration elapsed) {
        publish(ReceiverEventPayloads.streamReceived(result, elapsed, remoteAddress), result.manifest().set().value(),
                "StreamReceived " + result.manifest().set() + "/" + result.manifest().streamFile());
    }

    @Override
    public void snapshotReceived(ReceiveResult result, Duration elapsed) {
        publish(ReceiverEventPayloads.snapshotReceived(result, elapsed, remoteAddress), result.set().value(),
                "StreamReceived " + result.set() + "/" + result.snapshot());
    }

    @Override
    public void luksOpened(LuksSettings luks, boolean alreadyOpen) {
        // host-wide: one volume serves every set
        publish(ReceiverEventPayloads.luksOpened(luks, alreadyOpen), null, "LuksOpened " + luks.mappingName());
    }

    @Override
    public void luksClosed(LuksSettings luks, boolean wasOpen) {
        publish(ReceiverEventPayloads.luksClosed(luks, wasOpen), null, "LuksClosed " + luks.mappingName());
    }

    @Override
    public void receivedSnapshotPruned(BackupSetName set, SnapshotName snapshot, Path path) {
        publish(ReceiverEventPayloads.receivedSnapshotPruned(snapshot, path), set.value(),
                "SnapshotPruned " + set + "/" + snapshot);
    }

    @Override
    public void pruneReceivedCompleted(PruneReceivedResult result, Duration elapsed) {
        publish(ReceiverEventPayloads.pruneReceivedCompleted(result, elapsed), result.set().value(),
                "PruneCompleted " + result.set());
    }

    @Override
    public void commandRefused(String commandWord, String reason) {
        // host-wide: the set named by a refused command is by definition not trustworthy
        publish(ReceiverEventPayloads.commandRefused(commandWord, reason, remoteAddress), null,
                "CommandRefused " + commandWord);
    }

    private void publish(EventPayload payload, String backupSet, String what) {
        // a run id is not part of the SSH protocol, so the receiver's events stand outside runs
        if (brokerFailure != null) {
            report(what, "not attempted, the broker failed earlier in this command: " + brokerFailure);
            return;
        }
        EventEnvelope envelope = EventEnvelope.create(clock, payload, host, backupSet, null, null);
        FutureTask<Void> task = new FutureTask<>(() -> {
            send(envelope);
            return null;
        });
        // a daemon thread: a connection attempt that outlives the deadline must not keep the
        // forced command's JVM alive
        Thread sender = new Thread(task, "receiver-event-publisher");
        sender.setDaemon(true);
        sender.start();
        try {
            task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            failed(what, "the broker did not confirm within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            failed(what, describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            report(what, "interrupted");
        }
    }

    private void send(EventEnvelope envelope) throws JMSException {
        BrokerClient broker = client.get();
        ConnectionFactory factory = broker.connectionFactory();
        if (factory instanceof ActiveMQConnectionFactory artemis) {
            // one attempt, no failover: the deadline above is the real bound, these keep the
            // client from retrying in the background after it
            artemis.setInitialConnectAttempts(1);
            artemis.setReconnectAttempts(0);
            artemis.setCallTimeout(timeout.toMillis());
            artemis.setCallFailoverTimeout(timeout.toMillis());
        }
        try (Connection connection = factory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             EventPublisher publisher = new EventPublisher(session)) {
            publisher.publish(envelope);
        } finally {
            if (factory instanceof AutoCloseable closeable) {
                closeQuietly(closeable);
            }
        }
    }

    private void failed(String what, String cause) {
        brokerFailure = cause;
        report(what, cause);
    }

    private void report(String what, String cause) {
        stderr.println(ReceiverProtocol.PROGRAM + ": event not published: " + what + ": "
                + cause.replace('\n', ' ').replace('\r', ' '));
    }

    private static String describe(Throwable cause) {
        if (cause instanceof JMSException jms && jms.getLinkedException() != null && jms.getMessage() == null) {
            return jms.getLinkedException().toString();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // the event's fate is already decided; closing the factory only frees threads
        }
    }
}
