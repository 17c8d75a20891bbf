package org.btrfssendbackup.producer.agent;

import org.btrfssendbackup.core.protocol.ListReplyLine;
import org.btrfssendbackup.core.protocol.ReceiverCommand;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.btrfssendbackup.broker.BrokerFixture;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.btrfssendbackup.messages.event.SnapshotCreated;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.messages.event.StreamSent;
import org.btrfssendbackup.messages.jms.RedeliveryPolicy;
import org.btrfssendbackup.messages.jms.StepContext;
import org.btrfssendbackup.messages.jms.StepSettings;
import org.btrfssendbackup.producer.OneShotRun;
import org.btrfssendbackup.producer.broker.BrokerConnection;
import org.btrfssendbackup.producer.state.PendingRun;
import org.btrfssendbackup.producer.state.RunLock;
import org.btrfssendbackup.producer.state.RunMarker;
import org.btrfssendbackup.producer.steps.ProducerSteps;
import org.btrfssendbackup.producer.steps.ProducerTools;
import org.btrfssendbackup.producer.steps.RunObserver;
import org.btrfssendbackup.producer.testing.ProducerFixture;
import org.btrfssendbackup.producer.upload.StreamUploader;
import org.btrfssendbackup.producer.upload.StreamWriter;
import org.btrfssendbackup.producer.upload.UploadOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs always end, and end on record: a final step failure ends the run whatever the broker's
 * max-delivery-attempts, a hung step ends at RUN_DEADLINE with the lock released, a killed
 * run is recorded by the next one, and a recovery run's planned parent survives local retention.
 * Real btrfs, gpg and Artemis; the test uploader in place of ssh.
 */
class RunOutcomeSystemTest {

    /** The producer's default of six attempts, with fast waits (0.1 s doubling, 1 s cap). */
    private static final StepSettings SIX_FAST_ATTEMPTS = new StepSettings(1, Duration.ZERO, Duration.ofMillis(100),
            new RedeliveryPolicy(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1),
                    RedeliveryPolicy.defaults().maxAttempts()));

    @TempDir
    Path dir;

    record Result(int exitStatus, String out, String err, Duration took) {
    }

    private static Result run(ProducerFixture f, ProducerTools tools, Supplier<BrokerConnection> broker,
                              Duration timeout) throws IOException, InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Instant start = Instant.now();
        int status = new OneShotRun(f.config, tools, broker,
                new OneShotRun.Options(false, false, false, timeout, SIX_FAST_ATTEMPTS),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run();
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                Duration.between(start, Instant.now()));
    }

    private Supplier<BrokerConnection> embeddedBroker() throws IOException {
        var settings = BrokerFixture.settings(dir.resolve("broker"));
        return () -> BrokerConnection.embedded(settings);
    }

    /**
     * A standalone broker that dead-letters at the 3rd delivery while the producer allows 6:
     * the step consumer's own limit decides, and its final StepFailed ends the run at once.
     */
    @Test
    void aFinalStepFailureEndsTheRunWhateverTheBrokersMaxDeliveryAttempts() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir);
             BrokerFixture standalone = BrokerFixture.start(dir.resolve("standalone"))) {
            assertThat(BrokerFixture.FAST_REDELIVERY.maxDeliveryAttempts()).isEqualTo(3);
            f.reconfigure("BROKER_URL=" + standalone.broker().inVmUrl(), "BROKER_USER=producer",
                    "BROKER_PASSWORD_FILE=" + standalone.passwordDirectory().resolve("producer.password"));
            f.uploader.cutOffAfter(100);

            Result failed = run(f, f.tools(), () -> BrokerConnection.open(f.config, dir.resolve("unused")),
                    Duration.ofSeconds(60));

            assertThat(failed.exitStatus()).as(failed.err()).isEqualTo(1);
            assertThat(failed.err()).contains("backup failed", "SnapshotCreated step, attempt 6 of 6",
                    "cut off", "dead-lettered");
            assertThat(failed.took()).as("ended by the final StepFailed, not by a timeout").isLessThan(Duration.ofSeconds(30));
            assertThat(f.uploader.puts()).as("the producer's six attempts, not the broker's three").isEqualTo(6);
            assertThat(f.stateFile()).doesNotExist();
        }
    }

    /** A step that hangs: the run ends FAILED at RUN_DEADLINE, and LOCK_FILE and the run marker are free. */
    @Test
    void aHungStepEndsTheRunAtItsDeadlineAndReleasesTheLock() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir)) {
            f.reconfigure("RUN_DEADLINE=2s");
            StreamUploader hangs = new StreamUploader() {
                @Override
                public List<ListReplyLine.Stream> list(BackupSetName set) throws IOException {
                    return f.uploader.list(set);
                }

                @Override
                public java.util.Optional<org.btrfssendbackup.core.protocol.VersionReply> version() {
                    return f.uploader.version();
                }

                @Override
                public UploadOutcome putStream(ReceiverCommand.PutStream request, StreamWriter writer) throws IOException {
                    try {
                        Thread.sleep(120_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IOException("test uploader: stalled");
                }
            };

            Result failed = run(f, f.tools().withUploader(hangs), embeddedBroker(), null);

            assertThat(failed.exitStatus()).isEqualTo(1);
            assertThat(failed.err()).contains("backup failed", "run deadline passed: no result after 2s (RUN_DEADLINE)");
            assertThat(failed.took()).isLessThan(Duration.ofSeconds(20));
            try (RunLock.Held held = new RunLock(f.config.lockFile(), f.clock).tryAcquire()) {
                assertThat(held).isNotNull();
            }
            assertThat(new RunMarker(f.stateFile()).file()).doesNotExist();
        }
    }

    /** A marker left by a killed run: the next run records RunAborted first and still backs up. */
    @Test
    void theRunAfterAKilledOneRecordsRunAbortedAndStillBacksUp() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir)) {
            Process killed = new ProcessBuilder("sleep", "60").start();
            Optional<Instant> killedStart = killed.info().startInstant();
            killed.destroyForcibly().waitFor();
            RunMarker marker = new RunMarker(f.stateFile());
            marker.write(new RunMarker.Entry("run-killed-1", killed.pid(), killedStart,
                    Instant.parse("2026-02-28T02:05:00Z")));

            Result next = run(f, f.tools(), embeddedBroker(), Duration.ofMinutes(2));

            assertThat(next.exitStatus()).as(next.err()).isZero();
            assertThat(next.err()).contains("run run-killed-1", "pid " + killed.pid(), "died without an outcome");
            assertThat(next.out()).contains("RunAborted", "BackupCompleted");
            assertThat(next.out().indexOf("RunAborted")).isLessThan(next.out().indexOf("SnapshotCreated"));
            assertThat(f.stateFile()).hasContent("prod-srv-rootfs-20260301T020500Z");
            assertThat(marker.file()).as("removed at the end of the run").doesNotExist();
        }
    }

    /**
     * Run B crashed after its upload; recovery run C planned its incremental on S1 (STATE_FILE's);
     * then B's leftover StreamSent completes S2 and prunes locally (LOCAL_KEEP_*=0). S1 is C's
     * parent and must survive, or C sends a full.
     */
    @Test
    void aRecoveryRunsPlannedParentSurvivesLocalRetention() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir, "LOCAL_KEEP_DAILY=0", "LOCAL_KEEP_WEEKLY=0",
                "LOCAL_KEEP_MONTHLY=0")) {
            ProducerSteps steps = new ProducerSteps(f.runtime(), RunObserver.NONE);
            StepContext context = new StepContext("prod-srv", "producer-agent", "producer-agent", 1);
            EventEnvelope sentA = steps.handle(steps.handle(request(), context).get(0), context).get(0);
            steps.handle(sentA, context);
            String s1 = "prod-srv-rootfs-20260301T020500Z";
            assertThat(f.stateFile()).hasContent(s1);

            f.clock.advance(Duration.ofDays(1));
            EventEnvelope createdB = steps.handle(request(), context).get(0);
            EventEnvelope sentB = steps.handle(createdB, context).get(0); // B dies before completing

            f.clock.advance(Duration.ofDays(1));
            EventEnvelope createdC = steps.handle(request(), context).get(0);
            assertThat(((SnapshotCreated) createdC.payload()).parent()).isEqualTo(s1);
            assertThat(new PendingRun(f.stateFile()).read().orElseThrow().parent()).contains(s1);

            steps.handle(sentB, context); // B's leftover completes: confirms S2, prunes locally

            assertThat(f.snapshotDir().resolve(s1)).as("C's parent").isDirectory();
            StreamSent sentC = (StreamSent) steps.handle(createdC, context).get(0).payload();
            assertThat(sentC.kind()).as("no extra full").isEqualTo(SnapshotKind.INCR);
            assertThat(sentC.parent()).isEqualTo(s1);
        }
    }

    private static EventEnvelope request() {
        return EventEnvelope.create(new BackupRequested("cli", "root", false), "prod-srv", "prod-srv/rootfs",
                EventEnvelope.newRunId(), null);
    }
}
