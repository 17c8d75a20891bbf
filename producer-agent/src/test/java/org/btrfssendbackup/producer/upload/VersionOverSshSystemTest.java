package org.btrfssendbackup.producer.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.core.protocol.VersionReply;
import org.btrfssendbackup.core.lab.LoopbackSshd;
import org.btrfssendbackup.core.testing.SystemTests;
import org.btrfssendbackup.core.tools.SshArgs;
import org.btrfssendbackup.messages.jms.PermanentStepException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handshake's {@code version} over a real sshd: the forced command plays a receiver that
 * answers (this build's reply), one from before the handshake (refuses the unknown command with
 * the receiver's exit status 2), and one that fails otherwise (not taken for an old receiver).
 */
class VersionOverSshSystemTest {

    @TempDir
    Path dir;

    @Test
    void answersRefusalsAndFailures() throws Exception {
        SystemTests.assumeTool("sshd");
        SystemTests.assumeTool("ssh");
        String reply = VersionReply.ofThisReceiver(OptionalLong.of(77)).format();
        String forced = "case \"$SSH_ORIGINAL_COMMAND\" in"
                + " version) if [ -e " + dir.resolve("seed-era") + " ]; then"
                + " echo \"btrfs-backup-receive: refused: unknown command 'version'\" >&2; exit 2; fi;"
                + " if [ -e " + dir.resolve("broken") + " ]; then echo 'java: not found' >&2; exit 127; fi;"
                + " echo '" + reply + "';;"
                + " *) exit 2;; esac";
        try (LoopbackSshd sshd = LoopbackSshd.start(Files.createDirectories(dir.resolve("sshd")), forced)) {
            SshArgs ssh = sshd.client();
            SshStreamUploader uploader = new SshStreamUploader(new LocalProcessRunner(), ssh, Duration.ofSeconds(10));

            assertThat(uploader.version()).contains(VersionReply.ofThisReceiver(OptionalLong.of(77)));

            Files.createFile(dir.resolve("seed-era"));
            assertThat(uploader.version()).isEmpty();
            assertThatThrownBy(() -> new ReceiverHandshake().require("run-1", uploader, "127.0.0.1",
                    List.of("put-stream", "list"))).isInstanceOf(PermanentStepException.class)
                    .hasMessageContaining("127.0.0.1 receiver does not know the version command")
                    .hasMessageContaining("upgrade btrfs-send-backup on 127.0.0.1");

            Files.delete(dir.resolve("seed-era"));
            Files.createFile(dir.resolve("broken"));
            assertThatThrownBy(uploader::version).isInstanceOf(ProcessFailedException.class)
                    .hasMessageContaining("java: not found");
        }
    }
}
