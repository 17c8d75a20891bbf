package org.btrfssendbackup.broker;

import org.btrfssendbackup.messages.Topology;
import java.text.SimpleDateFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;

/**
 * Replays past events from journal retention into a dedicated queue, so the console can
 * read history older than the audit ring without touching the live queues.
 *
 * <p>The journal can hold one event several times (a dead letter retried to its queue is
 * stored again under the same event id), and Artemis' replay routes without rejecting
 * duplicates. So after the replay the target is de-duplicated by event id, keeping the
 * oldest copy: each event appears once. The target must be a fresh address (an existing one
 * is refused): mixing a new replay into an old queue would make that guarantee meaningless,
 * and duplicate detection is per address.
 */
public final class Replay implements AutoCloseable {

    private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    /** Retention files are named by the broker's local time; scan a day early to cover any zone. */
    private static final Duration SCAN_MARGIN = Duration.ofDays(1);
    /** Files are dated when they leave the live journal, possibly long after their events: scan to the end. */
    private static final String SCAN_END = "99991231235959";

    private final Connection connection;
    private final BrokerManagement management;

    private Replay(Connection connection) {
        this.connection = connection;
        this.management = BrokerManagement.over(connection, Duration.ofMinutes(10));
    }

    public static Replay connect(BrokerClient operator) {
        return OperatorConnections.open(operator, "connect for replay", Replay::new);
    }

    /** A fresh target name such as {@code backup.replay.20250102T030405123Z}. */
    public static String newTargetName(Instant now) {
        return "backup.replay." + now.toString().replace("-", "").replace(":", "").replace(".", "");
    }

    /**
     * Copies every event published to backup.events in [since, until) that journal retention
     * still holds into a new durable anycast queue {@code targetQueue} on its own address of
     * the same name, each event once.
     *
     * @return how many events the target queue holds
     * @throws BrokerManagementException if the target exists or the broker refuses
     */
    public long replay(Instant since, Instant until, String targetQueue) {
        Objects.requireNonNull(since, "replay: since");
        Objects.requireNonNull(until, "replay: until");
        if (!since.isBefore(until)) {
            throw new IllegalArgumentException("replay: since " + since + " is not before until " + until);
        }
        if (targetQueue == null || !TARGET.matcher(targetQueue).matches() || targetQueue.startsWith("backup.events")
                || targetQueue.equals(Topology.DEAD_LETTER_ADDRESS)) {
            throw new IllegalArgumentException("replay: invalid target queue \"" + targetQueue
                    + "\" (a fresh name such as " + newTargetName(Instant.now()) + ")");
        }
        String broker = BrokerManagement.brokerResource();
        try {
            management.invoke(broker, "createAddress", targetQueue, RoutingType.ANYCAST.name());
        } catch (BrokerManagementException e) {
            throw new BrokerManagementException("replay into " + targetQueue + ": cannot create it as a fresh address"
                    + " (a reused target would drop events it has seen): " + e.getMessage(), e);
        }
        management.invoke(broker, "createQueue", QueueConfiguration.of(targetQueue).setAddress(targetQueue)
                .setRoutingType(RoutingType.ANYCAST).setDurable(true).toJSON());
        String filter = "AMQTimestamp >= " + since.toEpochMilli() + " AND AMQTimestamp < " + until.toEpochMilli();
        String scanStart = new SimpleDateFormat("yyyyMMddHHmmss").format(Date.from(since.minus(SCAN_MARGIN)));
        management.invoke(broker, "replay", scanStart, SCAN_END, Topology.EVENTS_ADDRESS, targetQueue, filter);
        removeDuplicates(targetQueue);
        return management.invokeForLong(BrokerManagement.queueResource(targetQueue), "countMessages");
    }

    /** Keeps the first copy of each event id in the (fresh, operator-only) target queue. */
    private void removeDuplicates(String targetQueue) {
        Set<String> seen = new HashSet<>();
        List<Long> extraCopies = new ArrayList<>();
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = session.createBrowser(session.createQueue(targetQueue))) {
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                ActiveMQMessage message = (ActiveMQMessage) messages.nextElement();
                String eventId = DuplicateIds.text(message.getObjectProperty(Topology.PROPERTY_DUPLICATE_ID));
                if (eventId != null && !seen.add(eventId)) {
                    extraCopies.add(message.getCoreMessage().getMessageID());
                }
            }
        } catch (JMSException e) {
            throw new BrokerManagementException("replay into " + targetQueue + ": browse for duplicates: " + e.getMessage(), e);
        }
        for (long messageId : extraCopies) {
            management.invoke(BrokerManagement.queueResource(targetQueue), "removeMessage", messageId);
        }
    }

    /** Deletes a replay queue and its address when the operator is done with it. */
    public void delete(String targetQueue) {
        if (targetQueue.startsWith("backup.events") || targetQueue.equals(Topology.DEAD_LETTER_ADDRESS)) {
            throw new IllegalArgumentException("replay: refusing to delete " + targetQueue + ", it is not a replay queue");
        }
        management.invoke(BrokerManagement.brokerResource(), "destroyQueue", targetQueue, true);
        management.invoke(BrokerManagement.brokerResource(), "deleteAddress", targetQueue);
    }

    @Override
    public void close() {
        management.close();
        OperatorConnections.closeQuietly(connection);
    }
}
