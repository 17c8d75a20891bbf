package org.btrfssendbackup.producer.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.core.tools.SshArgs;
import org.btrfssendbackup.core.tools.SshCiphers;
import org.btrfssendbackup.producer.steps.ProducerTools;
import org.btrfssendbackup.producer.testing.ConfigFiles;
import org.btrfssendbackup.producer.testing.RecordingSsh;
import org.btrfssendbackup.producer.testing.RemoteBtrfsFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ssh transport speaks exactly the protocol: the ssh argv and the remote command string of
 * each command, replies parsed, and the LUKS key on open-luks's stdin only (never in argv or a
 * child's environment). ssh itself is the recording FAKE; the real receiver over sshd is the VM
 * end-to-end test's.
 */
class SshRemoteBtrfsTest {

    static final SnapshotName A = SnapshotName.parse("prod-srv-rootfs-20260301T020500Z");
    static final SnapshotName B = SnapshotName.parse("prod-srv-rootfs-20260302T020500Z");
    static final BackupSetName SET = BackupSetName.of("prod-srv/rootfs");
    static final byte[] KEY = RemoteBtrfsFixture.LUKS_KEY.getBytes(StandardCharsets.UTF_8);
    static final SshArgs SSH = SshArgs.to("btrfs-ingest@backup-srv").withPort(2222)
            .withIdentityFile(Path.of("/root/.ssh/backup")).withKnownHostsFile(Path.of("/etc/btrfs-send-backup/known_hosts"));
    static final List<String> SSH_PREFIX = List.of("ssh", "-o", "BatchMode=yes", "-p", "2222", "-i", "/root/.ssh/backup",
            "-o", "IdentitiesOnly=yes", "-o", "UserKnownHostsFile=/etc/btrfs-send-backup/known_hosts",
            "btrfs-ingest@backup-srv");

    @TempDir
    Path dir;

    @FunctionalInterface
    interface Call {
        void on(SshRemoteBtrfs remote) throws Exception;
    }

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("open-luks", (Call) r -> r.openLuks(KEY.clone())),
                Arguments.of("list prod-srv/rootfs", (Call) r -> r.listReceived(SET)),
                Arguments.of("receive prod-srv/rootfs prod-srv-rootfs-20260301T020500Z",
                        (Call) r -> r.receive(new ReceiveRequest(SET, A, Optional.empty()), out -> new SentStream(0, "0".repeat(64)))),
                Arguments.of("receive prod-srv/rootfs prod-srv-rootfs-20260302T020500Z prod-srv-rootfs-20260301T020500Z",
                        (Call) r -> r.receive(new ReceiveRequest(SET, B, Optional.of(A)), out -> new SentStream(0, "0".repeat(64)))),
                Arguments.of("prune-received prod-srv/rootfs", (Call) r -> r.pruneReceived(SET)),
                Arguments.of("close-luks", (Call) r -> r.closeLuks()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void eachCommandIsOneSshCallWithTheExactArgv(String remoteCommand, Call call) throws Exception {
        RecordingSsh ssh = new RecordingSsh(dir);
        try {
            call.on(new SshRemoteBtrfs(new LocalProcessRunner(ssh), SSH));
        } catch (ReceiveMismatchException | java.io.IOException ignored) {
            // the empty receive writers above send nothing; only the argv matters here
        }

        assertThat(ssh.calls()).hasSize(1);
        List<String> expected = new ArrayList<>(SSH_PREFIX);
        expected.add(remoteCommand);
        assertThat(ssh.calls().get(0).argv()).containsExactlyElementsOf(expected);
    }

    @Test
    void theKeyGoesToOpenLuksStdinOnlyAndTheArrayIsZeroedAfterwards() throws Exception {
        RecordingSsh ssh = new RecordingSsh(dir);
        byte[] key = KEY.clone();

        String status = new SshRemoteBtrfs(new LocalProcessRunner(ssh), SSH).openLuks(key);

        assertThat(status).isEqualTo("opened");
        assertThat(key).containsOnly((byte) 0);
        RecordingSsh.Call call = ssh.calls().get(0);
        assertThat(call.stdin()).isEqualTo(KEY); // whole file, trailing newline included
        String secret = RemoteBtrfsFixture.LUKS_KEY.lines().findFirst().orElseThrow();
        assertThat(String.join(" ", call.argv())).doesNotContain(secret);
        assertThat(call.environment().values()).noneMatch(v -> v.contains(secret));
    }

    @Test
    void aRefusedOpenIsAFailureWithTheReceiversReasonAndTheKeyIsStillZeroed() {
        RecordingSsh ssh = new RecordingSsh(dir).refuse("open-luks");
        byte[] key = KEY.clone();

        assertThatThrownBy(() -> new SshRemoteBtrfs(new LocalProcessRunner(ssh), SSH).openLuks(key))
                .isInstanceOf(ProcessFailedException.class).hasMessageContaining("exit status 2")
                .hasMessageContaining("refused: open-luks")
                .hasMessageNotContaining(RemoteBtrfsFixture.LUKS_KEY.lines().findFirst().orElseThrow());
        assertThat(key).containsOnly((byte) 0);
    }

    @Test
    void theStreamGoesToReceiveStdinAndTheReplyCarriesWhatTheReceiverRead() throws Exception {
        RecordingSsh ssh = new RecordingSsh(dir);
        byte[] stream = "a plain btrfs send stream, pretend".getBytes(StandardCharsets.UTF_8);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stream));
        ReceiveRequest request = new ReceiveRequest(SET, B, Optional.of(A));

        ReceiveOutcome outcome = new SshRemoteBtrfs(new LocalProcessRunner(ssh), SSH).receive(request, out -> {
            new ByteArrayInputStream(stream).transferTo(out);
            return new SentStream(stream.length, sha);
        });

        assertThat(ssh.calls().get(0).stdin()).isEqualTo(stream);
        assertThat(outcome.reply().bytes()).isEqualTo(stream.length);
        assertThat(outcome.reply().sha256()).isEqualTo(sha);
        ReceiveCheck.verify(request, outcome, UUID.fromString(RecordingSsh.RECEIVED_UUID));
    }

    @Test
    void listReturnsTheReceivedSnapshotsOnly() throws Exception {
        RecordingSsh ssh = new RecordingSsh(dir);
        List<ReceivedSnapshot> received = new SshRemoteBtrfs(new LocalProcessRunner(ssh), SSH).listReceived(SET);
        assertThat(received).containsExactly(new ReceivedSnapshot(A,
                Optional.of(UUID.fromString(RecordingSsh.RECEIVED_UUID)), true));
    }

    @Test
    void productionToolsSpeakRemoteBtrfsOverTheConfiguredSsh() throws Exception {
        Path key = RemoteBtrfsFixture.keyFile(dir);
        ProducerConfig config = ProducerConfig.load(ConfigFiles.prodConf(dir, Path.of("/mnt/btrfs-root"), dir,
                "BACKUP_MODE=remote-btrfs", "LUKS_KEY_FILE=" + key, "BACKUP_SSH_PORT=2200"));
        RecordingSsh ssh = new RecordingSsh(dir);

        ProducerTools tools = ProducerTools.production(config, new LocalProcessRunner(ssh), "prod-srv");
        assertThat(tools.remoteBtrfs()).isPresent();
        tools.remoteBtrfs().get().closeLuks();

        assertThat(ssh.calls().get(0).argv()).containsExactly("ssh", "-o", "BatchMode=yes", "-p", "2200",
                "-c", SshCiphers.DEFAULT, "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=4", "-o", "ConnectTimeout=60",
                "btrfs-ingest@backup-srv", "close-luks");
    }
}
