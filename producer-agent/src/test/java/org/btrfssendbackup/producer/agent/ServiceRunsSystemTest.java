package org.btrfssendbackup.producer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.btrfssendbackup.broker.BrokerFixture;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.RunAborted;
import org.btrfssendbackup.messages.jms.StepSettings;
import org.btrfssendbackup.producer.broker.BrokerConnection;
import org.btrfssendbackup.producer.state.RunLock;
import org.btrfssendbackup.producer.state.RunMarker;
import org.btrfssendbackup.producer.steps.RunObserver;
import org.btrfssendbackup.producer.testing.ProducerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service leaves the one-shot run's trace: a service killed in the middle of a run is found
 * at its next start and recorded as RunAborted, and each scheduled run marks itself until it
 * ends. Real btrfs, gpg and Artemis; the test uploader in place of ssh.
 */
class ServiceRunsSystemTest {

    @TempDir
    Path dir;

    @Test
    void aServiceKilledMidRunIsRecordedAtItsNextStartAndEachScheduledRunMarksItselfUntilItEnds() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir);
             BrokerConnection broker = BrokerConnection.embedded(BrokerFixture.settings(dir.resolve("broker")))) {
            Process killed = new ProcessBuilder("sleep", "60").start();
            Optional<Instant> killedStart = killed.info().startInstant();
            killed.destroyForcibly().waitFor();
            RunMarker marker = new RunMarker(f.stateFile());
            marker.write(new RunMarker.Entry("service-run-killed", killed.pid(), killedStart,
                    Instant.parse("2026-02-28T02:05:00Z")));
            ServiceRuns runs = new ServiceRuns(marker, f.config.lockFile(), f.clock);
            List<EventEnvelope> events = new CopyOnWriteArrayList<>();
            RunObserver recording = new RunObserver() {
                @Override
                public void onEvent(EventEnvelope event) {
                    events.add(event);
                    runs.onEvent(event);
                }
            };

            try (ProducerAgent agent = runs.attach(ProducerAgent.start(f.config, f.tools(), broker.connectionFactory(),
                    new RunLock(f.config.lockFile(), f.clock), StepSettings.defaults(), recording))) {
                assertThat(events).filteredOn(e -> e.payload() instanceof RunAborted).singleElement()
                        .satisfies(e -> assertThat(((RunAborted) e.payload()).abortedRunId()).isEqualTo("service-run-killed"));
                assertThat(marker.file()).as("the dead run's marker is consumed").doesNotExist();

                runs.requestScheduledBackup("test");

                assertThat(marker.read()).as("the scheduled run marks itself").isPresent();
                String runId = marker.read().orElseThrow().runId();
                waitUntil(Duration.ofMinutes(2), () -> events.stream()
                        .anyMatch(e -> runId.equals(e.runId()) && "BackupCompleted".equals(e.type())));
                waitUntil(Duration.ofSeconds(10), () -> !marker.file().toFile().exists());
            }
        }
    }

    private static void waitUntil(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within " + limit).isLessThan(end);
            Thread.sleep(50);
        }
    }
}
