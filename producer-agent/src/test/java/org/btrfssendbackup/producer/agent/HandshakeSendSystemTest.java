package org.btrfssendbackup.producer.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.btrfssendbackup.core.protocol.ReceiverProtocol;
import org.btrfssendbackup.core.protocol.VersionReply;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.btrfssendbackup.messages.event.SnapshotCreated;
import org.btrfssendbackup.messages.jms.PermanentStepException;
import org.btrfssendbackup.producer.steps.ProducerRuntime;
import org.btrfssendbackup.producer.steps.SendStep;
import org.btrfssendbackup.producer.steps.SnapshotStep;
import org.btrfssendbackup.producer.testing.ProducerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The send step's version handshake: it runs before anything is listed or sent, so an older
 * backup-srv costs no upload, and a redelivered step of the same run does not ask again.
 */
class HandshakeSendSystemTest {

    @TempDir
    Path dir;

    @Test
    void aReceiverOlderThanThisProducerFailsTheSendPermanentlyBeforeUploading() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir)) {
            f.uploader.answerVersion(Optional.of(new VersionReply(OptionalInt.of(0), ReceiverProtocol.ENABLED_COMMANDS,
                    List.of(), List.of(), OptionalLong.empty())));
            ProducerRuntime runtime = f.runtime();
            EventEnvelope snapshot = snapshot(runtime);

            Throwable failure = catchThrowable(() -> send(runtime, snapshot));

            assertThat(failure).isInstanceOf(PermanentStepException.class).hasMessageContaining(
                    "receiver speaks protocol 0, this producer needs >= 1: upgrade btrfs-send-backup on ");
            assertThat(f.uploader.puts()).isZero();
            assertThat(f.uploader.lists()).isZero();
        }
    }

    @Test
    void aRedeliveredSendOfTheSameRunDoesNotAskAgain() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir)) {
            ProducerRuntime runtime = f.runtime();
            EventEnvelope snapshot = snapshot(runtime);

            send(runtime, snapshot);
            send(runtime, snapshot); // a redelivery: already stored, confirmed from the listing

            assertThat(f.uploader.versions()).isEqualTo(1);
            assertThat(f.uploader.puts()).isEqualTo(1);
        }
    }

    private static EventEnvelope snapshot(ProducerRuntime runtime) throws Exception {
        EventEnvelope request = EventEnvelope.create(new BackupRequested("cli", "root", false), "prod-srv",
                "prod-srv/rootfs", EventEnvelope.newRunId(), null);
        return new SnapshotStep(runtime).handle(request, (BackupRequested) request.payload()).get(0);
    }

    private static void send(ProducerRuntime runtime, EventEnvelope snapshot) throws Exception {
        new SendStep(runtime).handle(snapshot, (SnapshotCreated) snapshot.payload());
    }
}
