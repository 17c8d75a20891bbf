package org.btrfssendbackup.broker;

import org.btrfssendbackup.messages.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

/**
 * Not a test: measures persistent publish-to-consume latency and sustained throughput through
 * the embedded broker with the real settings (security on, NIO/AIO journal as chosen, audit
 * ring, duplicate detection). Every event lands on the audit queue and the producer-agent
 * queue, like a BackupRequested event; consumers are transacted and commit per event like
 * the step consumer. Run by ops/bench/broker-latency.sh.
 *
 * <p>Arguments: [dataRoot] [latencySamples] [throughputSeconds] [publisherThreads]
 */
public final class BrokerLatencyBenchmark {

    private static final int CONSUMERS = 4;
    private static final String QUEUE = Topology.fullyQualified(Topology.PRODUCER_AGENT_QUEUE.name());
    private static final String BODY = "{\"eventId\":\"%s\",\"type\":\"BackupRequested\",\"schemaVersion\":1,"
            + "\"occurredAt\":\"2025-01-01T00:00:00Z\",\"host\":\"prod-srv\",\"backupSet\":\"home\","
            + "\"runId\":\"" + UUID.randomUUID() + "\",\"causationId\":null,\"payload\":{\"mode\":\"encrypted-stream\","
            + "\"snapshotDir\":\"/.snapshots/home\",\"snapshotPrefix\":\"home\",\"note\":\"" + "x".repeat(200) + "\"}}";

    private BrokerLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("broker-bench");
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        int publishers = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        Files.createDirectories(root);
        BrokerSettings settings = BrokerSettings.defaults(root.resolve("data"), root.resolve("passwords"));
        BrokerFixture.settings(root); // writes the standard users' password files below root/passwords
        try (BrokerFixture fixture = BrokerFixture.start(settings)) {
            System.out.printf("broker: journal %s (buffer timeout %d us) in %s, security on, default backup settings%n",
                    fixture.broker().journalType(), settings.journalBufferTimeout().toNanos() / 1000, settings.dataDirectory());
            latency(fixture, 500, false);
            long[] latencies = latency(fixture, samples, true);
            Arrays.sort(latencies);
            System.out.printf("latency (persistent publish -> transacted consume, %d events, one at a time): "
                            + "p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", samples,
                    latencies[samples / 2] / 1e6, latencies[(int) (samples * 0.99)] / 1e6, latencies[samples - 1] / 1e6);
            throughput(fixture, publishers, 3, false);
            throughput(fixture, publishers, seconds, true);
        }
    }

    private static long[] latency(BrokerFixture fixture, int count, boolean report) throws Exception {
        long[] latencies = new long[count];
        try (Connection publisherConnection = fixture.client(BrokerRole.PRODUCER).connect();
             Connection consumerConnection = fixture.client(BrokerRole.PRODUCER).connect()) {
            consumerConnection.start();
            Session publish = publisherConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = publish.createProducer(publish.createTopic(Topology.EVENTS_ADDRESS));
            Session consume = consumerConnection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = consume.createConsumer(consume.createQueue(QUEUE));
            for (int i = 0; i < count; i++) {
                String id = UUID.randomUUID().toString();
                long start = System.nanoTime();
                producer.send(BrokerFixture.event(publish, id, "BackupRequested", "home", BODY.formatted(id)));
                Message received = consumer.receive(10_000);
                if (received == null) {
                    throw new IllegalStateException("event " + id + " not consumed within 10 s");
                }
                consume.commit();
                latencies[i] = System.nanoTime() - start;
            }
        }
        return latencies;
    }

    private static void throughput(BrokerFixture fixture, int publisherThreads, int seconds, boolean report) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong published = new AtomicLong();
        AtomicLong consumed = new AtomicLong();
        CountDownLatch done = new CountDownLatch(publisherThreads + CONSUMERS);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < publisherThreads; t++) {
            threads.add(new Thread(() -> {
                try (Connection connection = fixture.client(BrokerRole.PRODUCER).connect()) {
                    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    MessageProducer producer = session.createProducer(session.createTopic(Topology.EVENTS_ADDRESS));
                    while (running.get()) {
                        String id = UUID.randomUUID().toString();
                        producer.send(BrokerFixture.event(session, id, "BackupRequested", "home", BODY.formatted(id)));
                        published.incrementAndGet();
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    done.countDown();
                }
            }));
        }
        for (int c = 0; c < CONSUMERS; c++) {
            threads.add(new Thread(() -> {
                try (Connection connection = fixture.client(BrokerRole.PRODUCER).connect()) {
                    connection.start();
                    Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                    MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE));
                    while (running.get()) {
                        if (consumer.receive(200) != null) {
                            session.commit();
                            consumed.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    done.countDown();
                }
            }));
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        Thread.sleep(seconds * 1000L);
        long publishedInWindow = published.get();
        long consumedInWindow = consumed.get();
        double elapsed = (System.nanoTime() - start) / 1e9;
        running.set(false);
        done.await();
        if (report) {
            System.out.printf("throughput (%d publisher threads, %d transacted consumers, %d s): published %.0f events/s, "
                            + "consumed %.0f events/s, backlog at end of window %d%n", publisherThreads, CONSUMERS, seconds,
                    publishedInWindow / elapsed, consumedInWindow / elapsed, publishedInWindow - consumedInWindow);
        }
    }
}
