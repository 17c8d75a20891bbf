package org.btrfssendbackup.producer.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.time.Duration;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.btrfssendbackup.messages.event.SnapshotCreated;
import org.btrfssendbackup.messages.jms.PermanentStepException;
import org.btrfssendbackup.producer.state.PendingRun;
import org.btrfssendbackup.producer.steps.SendStep;
import org.btrfssendbackup.producer.steps.SnapshotStep;
import org.btrfssendbackup.producer.testing.ProducerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full backup disk costs at most one upload: the send step passes the receiver's "no space"
 * on as permanent without listing and re-sending, and with a listing at hand it refuses an
 * upload that clearly will not fit before sending anything.
 */
class NoSpaceSendSystemTest {

    @TempDir
    Path dir;

    @Test
    void noSpaceOnTheFirstUploadFailsPermanentlyWithoutListingOrResending() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir)) {
            f.uploader.diskFull();

            Throwable failure = catchThrowable(() -> send(f));

            assertThat(failure).isInstanceOf(PermanentStepException.class)
                    .hasMessageContaining("no space left on backup-srv");
            assertThat(f.uploader.puts()).isEqualTo(1);
            assertThat(f.uploader.lists()).isZero();
            assertThat(f.stateFile()).doesNotExist();
        }
    }

    @Test
    void aRetriedSendThatClearlyWillNotFitFailsBeforeUploading() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir)) {
            assertThat(AgentRuns.run(f, f.tools(), dir.resolve("broker"), false).exitStatus()).isZero();
            long fullBytes = f.uploader.list(null).get(0).bytes().getAsLong();
            f.clock.advance(Duration.ofDays(40)); // past FULL_INTERVAL_DAYS: the next is a full
            EventEnvelope snapshot = snapshot(f);
            // this producer uploaded it once already (a redelivery): the step lists first
            PendingRun pending = new PendingRun(f.stateFile());
            pending.write(pending.read().orElseThrow().withSentSha256("b".repeat(64)));
            f.uploader.reportFreeBytes(fullBytes - 1);
            int putsBefore = f.uploader.puts();

            Throwable failure = catchThrowable(() -> new SendStep(f.runtime())
                    .handle(snapshot, (SnapshotCreated) snapshot.payload()));

            assertThat(failure).isInstanceOf(PermanentStepException.class)
                    .hasMessageContaining("no space left on backup-srv: " + (fullBytes - 1) + " bytes free, about "
                            + fullBytes + " bytes needed");
            assertThat(f.uploader.puts()).isEqualTo(putsBefore);
        }
    }

    private static EventEnvelope snapshot(ProducerFixture f) throws Exception {
        EventEnvelope request = EventEnvelope.create(new BackupRequested("cli", "root", false), "prod-srv",
                "prod-srv/rootfs", EventEnvelope.newRunId(), null);
        return new SnapshotStep(f.runtime()).handle(request, (BackupRequested) request.payload()).get(0);
    }

    private static void send(ProducerFixture f) throws Exception {
        EventEnvelope snapshot = snapshot(f);
        new SendStep(f.runtime()).handle(snapshot, (SnapshotCreated) snapshot.payload());
    }
}
