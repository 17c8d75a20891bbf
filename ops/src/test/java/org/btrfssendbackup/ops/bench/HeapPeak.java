package org.btrfssendbackup.ops.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * The most heap in use at any moment of a measured section: the backup benchmark's heap figure.
 *
 * <p>Heap use only grows between collections, so its peak is the use just before some
 * collection (which each collection's notification reports) or at the end of the section. The
 * sum of the heap pools' own peaks, which this benchmark printed before (and the crypto
 * benchmark still prints, as an upper bound), adds up peaks that happened at different moments
 * (eden full before one collection, the old generation fullest after another): once it read
 * 65.3 MiB, a MISSED heap target, for a JVM that ran within -Xmx64m.
 *
 * <p>Notifications arrive on a JVM thread shortly after each collection; {@link #peakBytes()}
 * waits (at most a second) until every collection counted so far has been reported.
 *
 * <p>The JVM measured is this one ({@link #start()}) or another one through its JMX connection
 * ({@link #start(MBeanServerConnection)}: the hub fan-in benchmark measures the hub's JVM so).
 */
final class HeapPeak implements AutoCloseable {

    private static final long WAIT_FOR_NOTIFICATIONS_NANOS = 1_000_000_000L;

    private final MBeanServerConnection jvm;
    private final List<MemoryPoolMXBean> heapPools;
    private final List<GarbageCollectorMXBean> collectors;
    private final Set<String> heapPoolNames;
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong reported = new AtomicLong();
    private final long collectionsAtStart;
    private final List<ObjectName> listenedTo = new ArrayList<>();
    private final NotificationListener listener = this::collected;

    private HeapPeak(MBeanServerConnection jvm) throws IOException {
        this.jvm = jvm;
        heapPools = ManagementFactory.getPlatformMXBeans(jvm, MemoryPoolMXBean.class).stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        collectors = ManagementFactory.getPlatformMXBeans(jvm, GarbageCollectorMXBean.class);
        heapPoolNames = heapPools.stream().map(MemoryPoolMXBean::getName).collect(Collectors.toUnmodifiableSet());
        collectionsAtStart = collections();
        for (GarbageCollectorMXBean collector : collectors) {
            try {
                jvm.addNotificationListener(collector.getObjectName(), listener, null, null);
            } catch (JMException e) {
                throw new IllegalStateException("measure the heap: listen to collector " + collector.getName() + ": " + e, e);
            }
            listenedTo.add(collector.getObjectName());
        }
        peak.set(heapInUse());
    }

    /** Starts measuring this JVM now. */
    static HeapPeak start() {
        try {
            return new HeapPeak(ManagementFactory.getPlatformMBeanServer());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the platform server is in this JVM: no I/O
        }
    }

    /** Starts measuring the JVM behind {@code jvm} (a JMX connection to another process) now. */
    static HeapPeak start(MBeanServerConnection jvm) throws IOException {
        return new HeapPeak(jvm);
    }

    /** The highest heap use seen since {@link #start()}, garbage included, in bytes. */
    long peakBytes() {
        long deadline = System.nanoTime() + WAIT_FOR_NOTIFICATIONS_NANOS;
        while (reported.get() < collections() - collectionsAtStart && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
        }
        return Math.max(peak.get(), heapInUse());
    }

    /** Collections since {@link #start()}. */
    long collectionsSinceStart() {
        return collections() - collectionsAtStart;
    }

    @Override
    public void close() {
        for (ObjectName collector : listenedTo) {
            try {
                jvm.removeNotificationListener(collector, listener);
            } catch (JMException | IOException e) {
                // already gone (or the measured JVM has exited): nothing to undo
            }
        }
    }

    private void collected(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long before = 0;
        for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
            if (heapPoolNames.contains(pool.getKey())) {
                before += pool.getValue().getUsed();
            }
        }
        peak.accumulateAndGet(before, Math::max);
        reported.incrementAndGet();
    }

    private long heapInUse() {
        return heapPools.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
    }

    private long collections() {
        return collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }
}
