package org.btrfssendbackup.producer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.btrfssendbackup.broker.BrokerClient;
import org.btrfssendbackup.broker.BrokerFixture;
import org.btrfssendbackup.broker.EmbeddedBroker;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.messages.event.StepFailed;
import org.btrfssendbackup.messages.jms.QueueReader;
import org.btrfssendbackup.producer.testing.ProducerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed upload never moves the state file: retried by the broker's redelivery, then
 * dead-lettered with the reason in StepFailed, and the run exits 1.
 */
class FailedUploadSystemTest {

    @TempDir
    Path dir;

    @Test
    void anUploadCutOffLeavesTheStateFileAndEndsOnTheDeadLetterQueue() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir)) {
            assertThat(AgentRuns.run(f, f.tools(), dir.resolve("broker"), false).exitStatus()).isZero();
            String stateBefore = Files.readString(f.stateFile());
            f.uploader.cutOffAfter(100);
            f.clock.advance(Duration.ofDays(1));

            AgentRuns.Result failed = AgentRuns.run(f, f.tools(), dir.resolve("broker"), false);

            assertThat(failed.exitStatus()).isEqualTo(1);
            assertThat(failed.err()).contains("backup failed", "attempt 3 of 3", "cut off", "dead-lettered");
            assertThat(f.stateFile()).hasContent(stateBefore.trim());
            assertThat(f.uploader.puts()).isEqualTo(1 + 3);
            assertThat(dir.resolve("backup-srv/prod-srv/rootfs/prod-srv-rootfs-20260302T020500Z.incr.btrfs.gpg"))
                    .doesNotExist();
            assertDeadLetteredWithReason(dir.resolve("broker"), "cut off");
        }
    }

    @Test
    void aStreamStoredWithAnotherSha256NeverMovesTheStateFile() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir)) {
            f.uploader.corruptInTransit();

            AgentRuns.Result failed = AgentRuns.run(f, f.tools(), dir.resolve("broker"), false);

            assertThat(failed.exitStatus()).isEqualTo(1);
            assertThat(failed.err()).contains("sha256").contains("attempt 3 of 3");
            assertThat(f.stateFile()).doesNotExist();
            assertThat(f.uploader.puts()).as("redeliveries find it stored and never re-send").isEqualTo(1);
        }
    }

    /**
     * A wrong reply fails the attempt (state unchanged); the redelivery lists the receiver, finds
     * the stored manifest equal to what was sent, and only then confirms.
     */
    @Test
    void aWrongReplyFailsTheAttemptAndTheRedeliveryConfirmsFromTheManifest() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir)) {
            f.uploader.replyWithWrongSha();

            AgentRuns.Result result = AgentRuns.run(f, f.tools(), dir.resolve("broker"), false);

            assertThat(result.exitStatus()).as(result.err()).isZero();
            assertThat(result.out()).contains("StepFailed", "sha256 sent", "(already stored)");
            assertThat(f.stateFile()).hasContent("prod-srv-rootfs-20260301T020500Z");
            assertThat(f.uploader.puts()).isEqualTo(1);
        }
    }

    /** The dead letter and the StepFailed events, read as the operator (the producer may not read them). */
    private static void assertDeadLetteredWithReason(Path brokerRoot, String reason) throws Exception {
        var settings = BrokerFixture.settings(brokerRoot);
        try (EmbeddedBroker broker = new EmbeddedBroker(settings)) {
            broker.start();
            BrokerClient operator = new BrokerClient(broker.inVmUrl(), "operator", "operator-secret");
            try (Connection connection = operator.connect()) {
                connection.start();
                List<EventEnvelope> dead = QueueReader.drainEvents(connection, Topology.DEAD_LETTER_QUEUE, 500);
                assertThat(dead).extracting(EventEnvelope::type).containsExactly("SnapshotCreated");
                List<EventEnvelope> audit = QueueReader.drainEvents(connection,
                        Topology.fullyQualified(Topology.AUDIT_QUEUE), 500);
                List<StepFailed> failures = audit.stream().filter(e -> e.payload() instanceof StepFailed)
                        .map(e -> (StepFailed) e.payload()).toList();
                assertThat(failures).extracting(StepFailed::attempt).containsExactly(1, 2, 3);
                assertThat(failures).allMatch(s -> s.causeMessage().contains(reason));
            }
        }
    }
}
