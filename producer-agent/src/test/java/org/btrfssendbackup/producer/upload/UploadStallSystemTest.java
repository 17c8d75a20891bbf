package org.btrfssendbackup.producer.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.btrfssendbackup.core.config.SshTimeouts;
import org.btrfssendbackup.core.lab.LoopbackSshd;
import org.btrfssendbackup.core.protocol.VersionReply;
import org.btrfssendbackup.core.testing.SystemTests;
import org.btrfssendbackup.core.tools.SshArgs;
import org.btrfssendbackup.core.tools.SshKeepalive;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.btrfssendbackup.messages.event.SnapshotCreated;
import org.btrfssendbackup.messages.jms.TransientStepException;
import org.btrfssendbackup.producer.state.RunLock;
import org.btrfssendbackup.producer.steps.ProducerRuntime;
import org.btrfssendbackup.producer.steps.SendStep;
import org.btrfssendbackup.producer.steps.SnapshotStep;
import org.btrfssendbackup.producer.testing.ProducerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receiver that freezes mid-upload, behind a real sshd: the send step fails as transient
 * within the stall timeout (3 s here, 5 min by default), names the stall, the receiver host
 * and the set, kills ssh and frees the run lock. The "receiver" is the forced command itself,
 * a shell that answers the handshake's version as this build's receiver, and stores stdin with cat (SIGSTOPped by the test, as a frozen receiver JVM is) or
 * swallows the stream and stops itself before it replies; the real receiver's own idle
 * timeout is tested in receiver-agent.
 */
class UploadStallSystemTest {

    private static final Duration STALL = Duration.ofSeconds(3);
    /** The stall, plus ssh's kill grace (2 s), plus the listing after the failure, on a busy machine. */
    private static final Duration BOUND = Duration.ofSeconds(20);

    /** The forced command's answer to the producer's handshake: this build's receiver's reply. */
    private static final String VERSION = "version) echo '" + VersionReply.ofThisReceiver(OptionalLong.empty()).format()
            + "'; exit 0;;";

    @TempDir
    Path dir;

    @Test
    void aReceiverFrozenWhileReadingFailsTheAttemptAsTransientAndFreesTheLock() throws Exception {
        SystemTests.assumeTool("sshd");
        SystemTests.assumeTool("ssh");
        Path pidFile = dir.resolve("receiver.pid");
        Path received = dir.resolve("received");
        try (ProducerFixture f = ProducerFixture.create(dir.resolve("f"));
             LoopbackSshd sshd = LoopbackSshd.start(Files.createDirectories(dir.resolve("sshd")),
                     receiverScript(pidFile, received))) {
            // more than pipes, ssh's buffers and the TCP window hold, so a write must block
            writeRandom(f.fs.mountPoint().resolve("@rootfs/data.bin"), 24 << 20);
            try {
                Thread freezer = new Thread(() -> freezeWhenItHasRead(pidFile, received));
                freezer.start();
                long started = System.nanoTime();
                Throwable failure = sendOnce(f, sshd);
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                freezer.join(10_000);

                assertStall(failure, "ssh took no byte for 3s (BACKUP_SSH_STALL_TIMEOUT)");
                assertThat(took).isLessThan(BOUND);
                assertFreed(f);
            } finally {
                killFrozen(pidFile);
            }
        }
    }

    @Test
    void aReceiverThatNeverRepliesFailsTheAttemptAsTransientAndFreesTheLock() throws Exception {
        SystemTests.assumeTool("sshd");
        SystemTests.assumeTool("ssh");
        Path pidFile = dir.resolve("receiver.pid");
        try (ProducerFixture f = ProducerFixture.create(dir.resolve("f"));
             LoopbackSshd sshd = LoopbackSshd.start(Files.createDirectories(dir.resolve("sshd")),
                     "echo $$ > " + pidFile + "; case \"$SSH_ORIGINAL_COMMAND\" in list*) exit 0;; " + VERSION + " esac;"
                             + " cat > /dev/null; kill -STOP $$")) {
            try {
                long started = System.nanoTime();
                Throwable failure = sendOnce(f, sshd);
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertStall(failure, "no reply within 3s");
                assertThat(took).isLessThan(BOUND);
                assertFreed(f);
            } finally {
                killFrozen(pidFile);
            }
        }
    }

    /** list answers empty (the listing after a failure); put-stream stores stdin with cat. */
    private static String receiverScript(Path pidFile, Path received) {
        return "case \"$SSH_ORIGINAL_COMMAND\" in list*) exit 0;; " + VERSION + " esac; echo $$ > " + pidFile
                + "; exec cat > " + received;
    }

    private static Throwable sendOnce(ProducerFixture f, LoopbackSshd sshd) throws Exception {
        SshArgs ssh = sshd.client()
                .withKeepalive(new SshKeepalive(Duration.ofSeconds(1), 3));
        ProducerRuntime runtime = new ProducerRuntime(f.config,
                f.tools().withUploader(new SshStreamUploader(f.runner, ssh, STALL)),
                new RunLock(f.config.lockFile(), f.clock), f.facts::add);
        EventEnvelope request = EventEnvelope.create(new BackupRequested("cli", "root", false), "prod-srv",
                "prod-srv/rootfs", EventEnvelope.newRunId(), null);
        EventEnvelope snapshot = new SnapshotStep(runtime).handle(request, (BackupRequested) request.payload()).get(0);
        return catchThrowable(() -> new SendStep(runtime).handle(snapshot, (SnapshotCreated) snapshot.payload()));
    }

    private static void assertStall(Throwable failure, String detail) {
        assertThat(failure).isInstanceOf(TransientStepException.class)
                .hasMessageContaining("upload of prod-srv/rootfs/prod-srv-rootfs-20260301T020500Z to ")
                .hasMessageContaining("@127.0.0.1 stalled")
                .hasMessageContaining(detail);
        assertThat(TransientStepException.isTransient(failure)).isTrue();
    }

    /** No ssh child left, and another holder can take the run lock at once. */
    private static void assertFreed(ProducerFixture f) throws IOException {
        List<String> sshChildren = ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/ssh")).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList();
        assertThat(sshChildren).as("ssh children still running").isEmpty();
        try (RunLock.Held held = new RunLock(f.config.lockFile(), f.clock).tryAcquire()) {
            assertThat(held).isNotNull();
        }
    }

    private static void freezeWhenItHasRead(Path pidFile, Path received) {
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                if (Files.exists(received) && Files.size(received) > (1 << 20) && Files.exists(pidFile)) {
                    signal("STOP", pidFile);
                    return;
                }
                Thread.sleep(20);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void killFrozen(Path pidFile) throws IOException, InterruptedException {
        if (Files.exists(pidFile)) {
            signal("KILL", pidFile);
        }
    }

    private static void signal(String signal, Path pidFile) throws IOException, InterruptedException {
        String pid = Files.readString(pidFile).strip();
        // quiet: the frozen shell may already be gone with its sshd session
        new ProcessBuilder("kill", "-" + signal, pid).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    private static void writeRandom(Path file, int bytes) throws IOException {
        byte[] data = new byte[bytes];
        new Random(13).nextBytes(data);
        Files.write(file, data);
    }
}
