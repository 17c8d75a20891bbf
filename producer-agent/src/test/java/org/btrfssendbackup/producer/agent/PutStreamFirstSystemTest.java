package org.btrfssendbackup.producer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.btrfssendbackup.messages.event.SnapshotCreated;
import org.btrfssendbackup.messages.event.StreamSent;
import org.btrfssendbackup.producer.state.PendingRun;
import org.btrfssendbackup.producer.steps.SendStep;
import org.btrfssendbackup.producer.steps.SnapshotStep;
import org.btrfssendbackup.producer.testing.ProducerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The send step goes straight to put-stream on a first attempt and asks the receiver's listing
 * only when it must: after a refusal (the listing then explains it) or before re-sending what it
 * uploaded once. The stand-in receiver refuses as the real one does (ops' end-to-end tests show
 * the same over real sshd).
 */
class PutStreamFirstSystemTest {

    @TempDir
    Path dir;

    @Test
    void ordinaryRunsNeverAskForTheListing() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir)) {
            assertThat(AgentRuns.run(f, f.tools(), dir.resolve("broker"), false).exitStatus()).isZero();
            f.clock.advance(Duration.ofDays(1));
            AgentRuns.Result incremental = AgentRuns.run(f, f.tools(), dir.resolve("broker"), false);

            assertThat(incremental.exitStatus()).as(incremental.err()).isZero();
            assertThat(f.uploader.puts()).isEqualTo(2);
            assertThat(f.uploader.lists()).isZero();
            assertThat(dir.resolve("backup-srv/prod-srv/rootfs/prod-srv-rootfs-20260302T020500Z.incr.btrfs.gpg"))
                    .exists();
        }
    }

    @Test
    void aParentTheReceiverNoLongerStoresTurnsTheRefusedIncrementalIntoAFull() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir)) {
            assertThat(AgentRuns.run(f, f.tools(), dir.resolve("broker"), false).exitStatus()).isZero();
            f.uploader.forget(SnapshotName.parse("prod-srv-rootfs-20260301T020500Z"));
            f.clock.advance(Duration.ofDays(1));

            AgentRuns.Result result = AgentRuns.run(f, f.tools(), dir.resolve("broker"), false);

            assertThat(result.exitStatus()).as(result.err()).isZero();
            assertThat(f.uploader.puts()).as("the full, the refused incremental, the full instead").isEqualTo(3);
            assertThat(f.uploader.lists()).isEqualTo(1);
            assertThat(dir.resolve("backup-srv/prod-srv/rootfs/prod-srv-rootfs-20260302T020500Z.full.btrfs.gpg"))
                    .exists();
            assertThat(f.stateFile()).hasContent("prod-srv-rootfs-20260302T020500Z");
        }
    }

    /**
     * The receiver stored the stream but the producer died before recording what it sent: the
     * next delivery's put-stream is refused (a different stream under a stored name), and the
     * listing confirms the stored copy instead of failing for ever.
     */
    @Test
    void aStreamStoredBeforeTheProducerRecordedItIsConfirmedAfterTheRefusal() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir)) {
            EventEnvelope request = EventEnvelope.create(new BackupRequested("cli", "root", false), "prod-srv",
                    "prod-srv/rootfs", EventEnvelope.newRunId(), null);
            EventEnvelope snapshot = new SnapshotStep(f.runtime()).handle(request, (BackupRequested) request.payload())
                    .get(0);
            SnapshotCreated created = (SnapshotCreated) snapshot.payload();
            StreamSent first = sent(new SendStep(f.runtime()).handle(snapshot, created));
            PendingRun pending = new PendingRun(f.stateFile());
            PendingRun.Entry entry = pending.read().orElseThrow();
            pending.write(new PendingRun.Entry(entry.runId(), entry.snapshot(), entry.requestedAt()));

            StreamSent again = sent(new SendStep(f.runtime()).handle(snapshot, created));

            assertThat(first.alreadyStored()).isFalse();
            assertThat(again.alreadyStored()).isTrue();
            assertThat(again.sha256()).isEqualTo(first.sha256());
            assertThat(f.uploader.puts()).isEqualTo(2);
            assertThat(f.uploader.lists()).isEqualTo(1);
            try (var files = Files.list(dir.resolve("backup-srv/prod-srv/rootfs"))) {
                assertThat(files).hasSize(1);
            }
        }
    }

    private static StreamSent sent(List<EventEnvelope> followUps) {
        assertThat(followUps).hasSize(1);
        return (StreamSent) followUps.get(0).payload();
    }
}
