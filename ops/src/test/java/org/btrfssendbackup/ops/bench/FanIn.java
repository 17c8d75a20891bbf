package org.btrfssendbackup.ops.bench;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.jms.EventPublisher;

/**
 * The fan-in benchmark's set-up and loads: the hub in its own JVM ({@link HubJvm}), the
 * simulated hosts with their bridges in this one ({@link SimulatedHosts}), and the audit
 * consumer ({@link AuditWatch}). A load has every host publish a backup run's events in turn
 * ({@link FleetRunEvents}) through the project's {@link EventPublisher}, each event committed
 * on its own transacted session as a step commits its follow-up, from one thread per host.
 * {@code ops/bench/hub-fanin.sh} runs it at 50 hosts; HubFanInTest at 3, so it cannot rot.
 */
final class FanIn implements AutoCloseable {

    /** How long a load's events may take to reach the audit after the last publish, before they count as missing. */
    private static final long ARRIVAL_TIMEOUT_MILLIS = 120_000;
    /** After the last expected arrival: time for copies that must not come. */
    private static final long GRACE_MILLIS = 1_000;

    private final HubJvm hub;
    private final SimulatedHosts hosts;
    private final AuditWatch audit;
    private final int hostThreads;

    private FanIn(HubJvm hub, SimulatedHosts hosts, AuditWatch audit, int hostThreads) {
        this.hub = hub;
        this.hosts = hosts;
        this.audit = audit;
        this.hostThreads = hostThreads;
    }

    /** Starts the hub JVM (with {@code hubJvmOptions}), {@code hostCount} hosts and the audit consumer below {@code root}. */
    static FanIn start(Path root, int hostCount, List<String> hubJvmOptions) throws Exception {
        List<String> names = SimulatedHosts.names(hostCount);
        HubJvm hub = HubJvm.start(root.resolve("hub"), names, hubJvmOptions);
        SimulatedHosts hosts = null;
        try {
            hosts = SimulatedHosts.start(root.resolve("hosts"), hub, names);
            int threads = Thread.activeCount();
            AuditWatch audit = AuditWatch.start(hub.client("operator"), hub.client("pruner"));
            return new FanIn(hub, hosts, audit, threads);
        } catch (Exception | Error e) {
            if (hosts != null) {
                hosts.close();
            }
            hub.close();
            throw e;
        }
    }

    HubJvm hub() {
        return hub;
    }

    int hostCount() {
        return hosts.hosts().size();
    }

    /** Live threads of this JVM once every host's broker had started (before the consumers). */
    int hostThreads() {
        return hostThreads;
    }

    /** Every host publishes {@code eventsPerHost} events as fast as it can. */
    FanInResult burst(int eventsPerHost) throws Exception {
        return load("burst", eventsPerHost, 0);
    }

    /** Every host publishes {@code eventsPerHost} events at {@code perSecond} each, the hosts' slots spread evenly. */
    FanInResult steady(int eventsPerHost, double perSecond) throws Exception {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("steady load: the rate per host must be positive, got " + perSecond);
        }
        return load("steady", eventsPerHost, perSecond);
    }

    /**
     * The hub heap one event costs while the audit ring holds it, as in production where nobody
     * consumes {@code audit} (the console browses it): the audit consumer pauses, every host
     * publishes {@code eventsPerHost} events, and once the hub has confirmed them all the heap it
     * holds after a full collection is compared with that before. Then the consumer takes them,
     * counted like any load.
     */
    HeldAudit heldAudit(int eventsPerHost) throws Exception {
        audit.pause();
        long before = hub.heapAfterCollection();
        Published published = publishAll("held", eventsPerHost, 0);
        long deadline = System.currentTimeMillis() + ARRIVAL_TIMEOUT_MILLIS;
        while (hosts.awaitingForward() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        long after = hub.heapAfterCollection();
        audit.resume();
        AuditWatch.Arrivals arrivals = audit.await(published.ids().size(), ARRIVAL_TIMEOUT_MILLIS, GRACE_MILLIS);
        FanInResult result = FanInResult.of("held", hosts.hosts().size(), published.ids(), published.first(), published.last(),
                arrivals);
        return new HeldAudit(result, after - before);
    }

    /** What holding a load's events in the hub's audit cost: the load as counted, and the heap it added. */
    record HeldAudit(FanInResult load, long heapBytes) {

        double bytesPerEvent() {
            return (double) heapBytes / load.published();
        }
    }

    /** The ids of a load's events and its first and last publish (microseconds of the wall clock). */
    private record Published(Set<String> ids, long first, long last) {
    }

    private FanInResult load(String name, int eventsPerHost, double perSecond) throws Exception {
        Published published = publishAll(name, eventsPerHost, perSecond);
        AuditWatch.Arrivals arrivals = audit.await(published.ids().size(), ARRIVAL_TIMEOUT_MILLIS, GRACE_MILLIS);
        return FanInResult.of(name, hosts.hosts().size(), published.ids(), published.first(), published.last(), arrivals);
    }

    private Published publishAll(String name, int eventsPerHost, double perSecond) throws InterruptedException {
        List<SimulatedHosts.Host> all = hosts.hosts();
        Set<String> published = ConcurrentHashMap.newKeySet();
        AtomicLong firstPublish = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastPublish = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            SimulatedHosts.Host host = all.get(i);
            // Steady: host i's slots are offset by i/N of a period, so the fleet's events come evenly, not in waves.
            long offsetNanos = perSecond > 0 ? (long) (1e9 / perSecond * i / all.size()) : 0;
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    publish(host, eventsPerHost, perSecond, offsetNanos, published, firstPublish, lastPublish);
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "publish-" + host.name());
            threads.add(thread);
            thread.start();
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("fan-in " + name + ": a host failed to publish: " + failure.get(), failure.get());
        }
        return new Published(Set.copyOf(published), firstPublish.get(), lastPublish.get());
    }

    private static void publish(SimulatedHosts.Host host, int count, double perSecond, long offsetNanos, Set<String> published,
                                AtomicLong firstPublish, AtomicLong lastPublish) throws JMSException, InterruptedException {
        try (Connection connection = host.connection().connectionFactory().createConnection()) {
            Session session = PublishStamp.stamping(connection.createSession(true, Session.SESSION_TRANSACTED));
            try (EventPublisher publisher = new EventPublisher(session)) {
                long start = System.nanoTime() + offsetNanos;
                Iterator<EventEnvelope> run = FleetRunEvents.run(host.name()).iterator();
                for (int i = 0; i < count; i++) {
                    if (perSecond > 0) {
                        long due = start + (long) (i * 1e9 / perSecond);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                    if (!run.hasNext()) {
                        run = FleetRunEvents.run(host.name()).iterator();
                    }
                    EventEnvelope event = run.next();
                    firstPublish.accumulateAndGet(PublishStamp.nowMicros(), Math::min);
                    publisher.publish(event);
                    session.commit();
                    published.add(event.eventId().toString());
                    lastPublish.accumulateAndGet(PublishStamp.nowMicros(), Math::max);
                }
            }
        }
    }

    /** Events the hosts have not forwarded yet (0 after every load that arrived in full). */
    long awaitingForward() {
        return hosts.awaitingForward();
    }

    @Override
    public void close() throws Exception {
        try (HubJvm h = hub; SimulatedHosts s = hosts; AuditWatch a = audit) {
            // closed in reverse order: the consumer, the hosts, then the hub
        }
    }
}
