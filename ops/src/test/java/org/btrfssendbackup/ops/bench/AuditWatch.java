package org.btrfssendbackup.ops.bench;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.btrfssendbackup.broker.BrokerClient;
import org.btrfssendbackup.messages.Topology;

/**
 * The hub side of the fan-in benchmark: a consumer on the hub's audit queue (as the operator)
 * records, per arriving event, its event id (the duplicate id every event carries), the latency
 * from its publish stamp ({@link PublishStamp}) to now, and whether the user the hub validated
 * for it is the host the event names (each simulated host has its own bound user). A second
 * consumer drains the pruner's queue as the pruner service would, so the PruneRequested events
 * of the mix do not pile up in the hub's heap.
 */
final class AuditWatch implements AutoCloseable {

    /** What arrived: counts per event id, latencies in arrival order, and the last arrival's time. */
    record Arrivals(Map<String, Integer> countsById, long[] latencyMicros, long lastArrivalMicros, long hostMismatches,
                    long pruneRequests) {
    }

    private final Connection audit;
    private final Connection pruner;
    private final Object lock = new Object();
    private final Map<String, Integer> counts = new HashMap<>();
    private final List<Long> latencies = new ArrayList<>();
    private final AtomicLong pruneRequests = new AtomicLong();
    /** PruneRequested events seen on the audit: the pruner's queue, a separate consumer, must get as many. */
    private long auditedPruneRequests;
    private long arrivedTotal;
    private long lastArrivalMicros;
    private long hostMismatches;
    private volatile JMSException failure;

    private AuditWatch(Connection audit, Connection pruner) {
        this.audit = audit;
        this.pruner = pruner;
    }

    static AuditWatch start(BrokerClient operator, BrokerClient prunerUser) throws JMSException {
        Connection audit = operator.connect();
        Connection pruner = null;
        try {
            pruner = prunerUser.connect();
            AuditWatch watch = new AuditWatch(audit, pruner);
            Session session = audit.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(Topology.fullyQualified(Topology.AUDIT_QUEUE)));
            consumer.setMessageListener(watch::arrived);
            Session pruneSession = pruner.createSession(false, Session.AUTO_ACKNOWLEDGE);
            pruneSession.createConsumer(pruneSession.createQueue(Topology.fullyQualified(Topology.PRUNER_AGENT_QUEUE.name())))
                    .setMessageListener(m -> watch.pruneRequests.incrementAndGet());
            audit.start();
            pruner.start();
            return watch;
        } catch (JMSException | RuntimeException e) {
            audit.close();
            if (pruner != null) {
                pruner.close();
            }
            throw e;
        }
    }

    private void arrived(Message message) {
        long now = PublishStamp.nowMicros();
        try {
            String id = message.getStringProperty(Topology.PROPERTY_DUPLICATE_ID);
            long latency = message.propertyExists(PublishStamp.PROPERTY) ? now - message.getLongProperty(PublishStamp.PROPERTY) : -1;
            boolean ownHost = String.valueOf(message.getStringProperty(Topology.PROPERTY_HOST))
                    .equals(message.getStringProperty("_AMQ_VALIDATED_USER"));
            synchronized (lock) {
                counts.merge(String.valueOf(id), 1, Integer::sum);
                arrivedTotal++;
                if ("PruneRequested".equals(message.getStringProperty(Topology.PROPERTY_TYPE))) {
                    auditedPruneRequests++;
                }
                if (latency >= 0) {
                    latencies.add(latency);
                }
                if (!ownHost) {
                    hostMismatches++;
                }
                lastArrivalMicros = now;
                lock.notifyAll();
            }
        } catch (JMSException e) {
            failure = e;
        }
    }

    /**
     * Waits until {@code expected} events have arrived or {@code timeoutMillis} passed, then a
     * further {@code graceMillis} for copies that should not come; returns what arrived and forgets it
     * (the next load starts from nothing).
     */
    Arrivals await(long expected, long timeoutMillis, long graceMillis) throws InterruptedException, JMSException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (lock) {
            while (arrivedTotal < expected && System.currentTimeMillis() < deadline) {
                lock.wait(Math.max(1, Math.min(200, deadline - System.currentTimeMillis())));
            }
            // The pruner's queue is consumed on its own connection and may lag the audit on a busy
            // machine: wait (within the same deadline) until it has every PruneRequested the audit has.
            while (pruneRequests.get() < auditedPruneRequests && System.currentTimeMillis() < deadline) {
                lock.wait(20);
            }
        }
        Thread.sleep(graceMillis);
        if (failure != null) {
            throw failure;
        }
        synchronized (lock) {
            Arrivals arrivals = new Arrivals(Map.copyOf(counts), latencies.stream().mapToLong(Long::longValue).toArray(),
                    lastArrivalMicros, hostMismatches, pruneRequests.getAndSet(0));
            counts.clear();
            arrivedTotal = 0;
            auditedPruneRequests = 0;
            latencies.clear();
            hostMismatches = 0;
            return arrivals;
        }
    }

    /** Stops delivery from the audit queue: events stay there (and in the hub's heap) until {@link #resume()}. */
    void pause() throws JMSException {
        audit.stop();
    }

    void resume() throws JMSException {
        audit.start();
    }

    @Override
    public void close() throws JMSException {
        try {
            audit.close();
        } finally {
            pruner.close();
        }
    }
}
