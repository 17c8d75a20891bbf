package org.btrfssendbackup.producer.upload;

import org.btrfssendbackup.core.protocol.ListReplyLine;
import org.btrfssendbackup.core.protocol.ReceiverCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.protocol.ReceiverProtocol;
import org.btrfssendbackup.core.protocol.VersionReply;
import org.btrfssendbackup.messages.jms.PermanentStepException;
import org.btrfssendbackup.messages.jms.TransientStepException;
import org.btrfssendbackup.producer.testing.DirectoryUploader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The producer asks the receiver's version once per run and says clearly when backup-srv must be upgraded. */
class ReceiverHandshakeTest {

    private static final List<String> PUT = List.of("put-stream", "list");

    @TempDir
    Path dir;

    @Test
    void asksOncePerRunAndAgainForTheNextRun() throws IOException {
        DirectoryUploader receiver = new DirectoryUploader(dir).reportFreeBytes(4096);
        ReceiverHandshake handshake = new ReceiverHandshake();

        VersionReply first = handshake.require("run-1", receiver, "backup-srv", PUT);
        handshake.require("run-1", receiver, "backup-srv", List.of("list")); // the redelivered step
        assertThat(receiver.versions()).isEqualTo(1);
        assertThat(first.protocol()).isEqualTo(OptionalInt.of(ReceiverProtocol.VERSION));
        assertThat(handshake.freeBytes()).isEqualTo(OptionalLong.of(4096));

        receiver.reportFreeBytes(1024);
        handshake.require("run-2", receiver, "backup-srv", PUT);
        assertThat(receiver.versions()).isEqualTo(2);
        assertThat(handshake.freeBytes()).isEqualTo(OptionalLong.of(1024));
        handshake.require(null, receiver, "backup-srv", PUT); // outside a run nothing is remembered
        handshake.require(null, receiver, "backup-srv", PUT);
        assertThat(receiver.versions()).isEqualTo(4);
    }

    @Test
    void anOlderReceiverFailsPermanentlyNamingTheHostToUpgrade() {
        DirectoryUploader receiver = new DirectoryUploader(dir).answerVersion(Optional.of(new VersionReply(
                OptionalInt.of(0), ReceiverProtocol.ENABLED_COMMANDS, List.of(), List.of(), OptionalLong.empty())));

        assertThatThrownBy(() -> new ReceiverHandshake().require("run-1", receiver, "backup-srv", PUT))
                .isInstanceOf(PermanentStepException.class)
                .hasMessage("protocol handshake with backup-srv: backup-srv receiver speaks protocol 0, this producer"
                        + " needs >= " + ReceiverProtocol.OLDEST_COMPATIBLE + ": upgrade btrfs-send-backup on backup-srv");
    }

    @Test
    void aReceiverThatDoesNotKnowVersionIsReportedTheSameWay() {
        DirectoryUploader receiver = new DirectoryUploader(dir).answerVersion(Optional.empty());

        assertThatThrownBy(() -> new ReceiverHandshake().require("run-1", receiver, "backup-srv", PUT))
                .isInstanceOf(PermanentStepException.class)
                .hasMessageContaining("backup-srv receiver does not know the version command")
                .hasMessageEndingWith("this producer needs protocol >= 1: upgrade btrfs-send-backup on backup-srv");
    }

    @Test
    void aReceiverWithoutTheRemoteBtrfsCommandsFailsARemoteBtrfsRunOnly() throws IOException {
        DirectoryUploader receiver = new DirectoryUploader(dir).answerVersion(Optional.of(new VersionReply(
                OptionalInt.of(1), List.of("version", "put-stream", "list", "get-stream"), List.of(), List.of(),
                OptionalLong.empty())));
        ReceiverHandshake handshake = new ReceiverHandshake();

        handshake.require("run-1", receiver, "backup-srv", PUT);
        assertThatThrownBy(() -> handshake.require("run-1", receiver, "backup-srv",
                List.of("open-luks", "list", "receive", "prune-received", "close-luks")))
                .isInstanceOf(PermanentStepException.class)
                .hasMessageContaining("does not accept open-luks, receive, prune-received, close-luks");
    }

    @Test
    void aFailedAskIsNotRememberedAndStaysTransient() throws IOException {
        DirectoryUploader receiver = new DirectoryUploader(dir);
        StreamUploader unreachableOnce = new StreamUploader() {
            private boolean failed;

            @Override
            public List<ListReplyLine.Stream> list(BackupSetName set) {
                return List.of();
            }

            @Override
            public UploadOutcome putStream(ReceiverCommand.PutStream request, StreamWriter writer) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<VersionReply> version() throws IOException {
                if (!failed) {
                    failed = true;
                    throw new IOException("ssh: connect to host backup-srv port 22: Connection refused");
                }
                return receiver.version();
            }
        };
        ReceiverHandshake handshake = new ReceiverHandshake();

        assertThatThrownBy(() -> handshake.require("run-1", unreachableOnce, "backup-srv", PUT))
                .isInstanceOf(IOException.class).isNotInstanceOf(PermanentStepException.class)
                .satisfies(e -> assertThat(TransientStepException.isTransient(e)).isTrue());
        handshake.require("run-1", unreachableOnce, "backup-srv", PUT);
        assertThat(receiver.versions()).isEqualTo(1);
    }

    @Test
    void theHostIsTheSshTargetsHostPart() {
        assertThat(ReceiverHandshake.host("btrfs-ingest@backup-srv")).isEqualTo("backup-srv");
        assertThat(ReceiverHandshake.host("backup-srv.example")).isEqualTo("backup-srv.example");
    }
}
