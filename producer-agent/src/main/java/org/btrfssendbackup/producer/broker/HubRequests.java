package org.btrfssendbackup.producer.broker;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.btrfssendbackup.broker.BrokerClient;
import org.btrfssendbackup.broker.HubClientUrl;
import org.btrfssendbackup.broker.HubForwardSettings;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.messages.jms.EventPublisher;
import org.btrfssendbackup.messages.jms.PermanentStepException;
import org.btrfssendbackup.messages.jms.StepConsumer;
import org.btrfssendbackup.messages.jms.StepContext;
import org.btrfssendbackup.messages.jms.StepSettings;
import org.btrfssendbackup.messages.jms.TransientStepException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer service's way back from the hub (issue 16): it consumes this host's own queue at
 * the hub, {@code producer-agent.HOST} ({@link Topology#producerHostQueueName}), and hands every
 * trigger there (a BackupRequested from the console) to its local broker, where its steps run as
 * for a request of its own timer.
 *
 * <p>Handed over by re-publishing the same event, same event id, on the local broker: the local
 * duplicate detection drops a second copy, so a hub redelivery after a crash between the local
 * send and the hub's commit runs nothing twice; the bridge forwards the copy back and the hub
 * drops it by the same id. A trigger naming a backup set this host does not have is a permanent
 * failure at the hub (one final StepFailed naming the set and the host's sets, the request
 * dead-lettered there): no redelivery cures a missing set file. A trigger naming no set (the
 * console's {@code run --host H}) is handed over as it is: the local agent turns it into one
 * request per set ({@code HostWideRequest}).
 *
 * <p>The hub is optional here as everywhere on prod-srv: a thread of its own connects, and after
 * a refused or lost connection tries again after the bridge's waits (HubForwardSettings: 2 s,
 * doubling, at most 5 min); nothing of the local schedule waits for it.
 */
public final class HubRequests implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HubRequests.class);
    /** The step name in logs and in the StepFailed of a refused request. */
    public static final String STEP_NAME = "producer-agent/hub-requests";

    private final HubForwardSettings hub;
    private final ConnectionFactory local;
    private final String host;
    private final List<String> sets;
    private final StepSettings steps;
    private final String queue;
    /** The hub's URL in log lines: its parameters may name a trust store. */
    private final String shownUrl;
    private final Thread thread;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile boolean connected;

    private HubRequests(HubForwardSettings hub, ConnectionFactory local, String host, Collection<String> sets,
                        StepSettings steps) {
        this.hub = Objects.requireNonNull(hub, "hub");
        this.local = Objects.requireNonNull(local, "local");
        this.host = Objects.requireNonNull(host, "host");
        this.sets = List.copyOf(sets);
        this.steps = Objects.requireNonNull(steps, "steps");
        this.queue = Topology.producerHostQueueName(host);
        this.shownUrl = HubClientUrl.withoutParameters(hub.hubUrl());
        this.thread = new Thread(this::run, "hub-requests");
        this.thread.setDaemon(true);
    }

    /**
     * Starts taking this host's requests from the hub when {@code broker} forwards to one (the
     * service with BROKER_URL naming a hub); empty otherwise (all-in-one, {@code vm://}: the agent
     * consumes that broker's producer-agent queue itself).
     */
    public static Optional<HubRequests> startFor(BrokerConnection broker, String host, Collection<String> sets,
                                                 StepSettings steps) {
        Optional<HubForwardSettings> hub = broker.embeddedBroker().flatMap(b -> b.settings().forwardToHub());
        if (hub.isPresent()) {
            try {
                Topology.producerHostQueueName(host);
            } catch (IllegalArgumentException e) {
                // The schedule and the forwarding still run: only requests from the hub cannot reach this host.
                LOG.error("no backup requests from the hub at {}: {}", HubClientUrl.withoutParameters(hub.get().hubUrl()),
                        e.getMessage());
                return Optional.empty();
            }
        }
        return hub.map(h -> start(h, broker.connectionFactory(), host, sets, steps));
    }

    /**
     * @param hub   the hub, this host's user there and the waits between connection attempts
     * @param local the local broker the steps run on
     * @param sets  the backup sets this host has; a request for another is refused
     */
    public static HubRequests start(HubForwardSettings hub, ConnectionFactory local, String host,
                                    Collection<String> sets, StepSettings steps) {
        HubRequests requests = new HubRequests(hub, local, host, sets, steps);
        requests.thread.start();
        return requests;
    }

    /** Whether a consumer is attached to this host's queue at the hub right now. */
    public boolean connected() {
        return connected;
    }

    /** The queue at the hub this host takes its requests from. */
    public String queue() {
        return queue;
    }

    private void run() {
        Duration wait = hub.retryInterval();
        while (stop.getCount() > 0) {
            try {
                consumeUntilLost();
                wait = hub.retryInterval(); // it worked: a later loss starts from the first wait again
            } catch (JMSException | RuntimeException e) {
                LOG.warn("cannot take backup requests for {} from the hub at {} (queue {}{}): {}; next try in {}", host,
                        shownUrl, queue, hint(e), e.getMessage(), shown(wait));
            }
            try {
                if (stop.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            wait = next(wait);
        }
    }

    /** Connects, consumes until the connection breaks or {@link #close()}; returns normally if it had connected. */
    private void consumeUntilLost() throws JMSException {
        CountDownLatch lost = new CountDownLatch(1);
        List<AutoCloseable> open = new ArrayList<>();
        try {
            Connection localConnection = local.createConnection();
            open.add(0, localConnection);
            EventPublisher toLocal = new EventPublisher(localConnection.createSession(false, Session.AUTO_ACKNOWLEDGE));
            Connection hubConnection = BrokerClient.withPasswordFile(hub.hubUrl(), hub.user(), hub.passwordFile()).connect();
            open.add(0, hubConnection);
            hubConnection.setExceptionListener(e -> lost.countDown());
            StepConsumer consumer = new StepConsumer(hubConnection, queue, STEP_NAME, host,
                    (trigger, context) -> handOver(trigger, context, toLocal), steps);
            consumer.start();
            open.add(0, consumer);
            connected = true;
            LOG.info("taking backup requests for {} from the hub at {} (queue {})", host, shownUrl, queue);
            while (consumer.isRunning() && !lost.await(1, TimeUnit.SECONDS)) {
                if (stop.getCount() == 0) {
                    return;
                }
            }
            LOG.warn("lost the hub at {} while taking backup requests for {}; reconnecting", shownUrl, host);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connected = false;
            for (AutoCloseable c : open) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.debug("closing {}: {}", c, e.toString());
                }
            }
        }
    }

    private List<EventEnvelope> handOver(EventEnvelope trigger, StepContext context, EventPublisher toLocal) {
        // No set: every set of this host, which the local agent expands (HostWideRequest).
        if (trigger.backupSet() != null && !sets.contains(trigger.backupSet())) {
            throw new PermanentStepException("backup set " + trigger.backupSet() + " is not configured on host " + host
                    + " (it has " + String.join(", ", sets) + ")");
        }
        try {
            toLocal.publish(trigger);
        } catch (JMSException e) {
            throw new TransientStepException("hand " + trigger.type() + " " + trigger.eventId()
                    + " to the local broker: " + e.getMessage(), e);
        }
        LOG.info("{} {} for {} from the hub handed to the local broker", trigger.type(), trigger.eventId(),
                trigger.backupSet() == null ? "every set" : trigger.backupSet());
        return List.of();
    }

    private Duration next(Duration wait) {
        Duration longer = Duration.ofMillis((long) (wait.toMillis() * hub.retryMultiplier()));
        return longer.compareTo(hub.maxRetryInterval()) > 0 ? hub.maxRetryInterval() : longer;
    }

    private static String shown(Duration wait) {
        return wait.toMillis() < 1000 ? wait.toMillis() + " ms" : wait.toSeconds() + " s";
    }

    private static String hint(Exception e) {
        return e instanceof InvalidDestinationException
                ? "; does the hub's BROKER_USERS bind a producer user to this host?" : "";
    }

    /** Stops consuming (after the request in hand) and closes the connections. */
    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(steps.receiveTimeout().toMillis() + 15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
