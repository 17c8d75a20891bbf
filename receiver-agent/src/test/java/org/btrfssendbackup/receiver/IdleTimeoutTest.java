package org.btrfssendbackup.receiver;

import org.btrfssendbackup.core.protocol.ReceiverExit;
import org.btrfssendbackup.core.protocol.ReceiverProtocol;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RECEIVE_IDLE_TIMEOUT: the forced command as its own process (stdin a real pipe, as from sshd),
 * fed the start of a valid upload and then nothing, with the pipe left open (a frozen producer,
 * a silent link): it gives up after the timeout, deletes the temporary file, exits 1 with one
 * stderr line naming the cause and frees the set's upload lock.
 */
class IdleTimeoutTest {

    static final String SET = "prod-srv/rootfs";
    static final String S1 = "prod-srv-rootfs-20260131T020500Z";

    @TempDir
    Path tmp;

    @Test
    void anUploadThatStopsDeliveringIsDiscardedAfterTheIdleTimeout() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("backup-root"));
        ProcessBuilder builder = ChildReceiver.builder(tmp, "BACKUP_ROOT='" + root + "'\nRECEIVE_IDLE_TIMEOUT=2s\n",
                "put-stream " + SET + " " + S1 + " full compression=none");
        builder.redirectOutput(tmp.resolve("stdout").toFile()).redirectError(tmp.resolve("stderr").toFile());
        Process receiver = builder.start();
        try (OutputStream stdin = receiver.getOutputStream()) {
            byte[] stream = TestStreams.encryptedLike(4 << 20, 3);
            stdin.write(stream, 0, stream.length / 2);
            stdin.flush();
            long started = System.nanoTime();
            // stdin stays open: no end of file, no more bytes

            assertThat(receiver.waitFor(30, TimeUnit.SECONDS)).as("the receiver gave up by itself").isTrue();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            String stderr = Files.readString(tmp.resolve("stderr"), StandardCharsets.UTF_8);
            assertThat(receiver.exitValue()).as(stderr).isEqualTo(ReceiverExit.FAILED);
            assertThat(stderr.lines().filter(l -> l.startsWith(ReceiverProtocol.PROGRAM))).singleElement().asString()
                    .contains("put-stream " + SET + "/" + S1, "no byte arrived for 2s (RECEIVE_IDLE_TIMEOUT)",
                            "nothing stored");
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(2)).isLessThan(Duration.ofSeconds(20));
            assertThat(Files.readString(tmp.resolve("stdout"))).isEmpty();
            try (Stream<Path> files = Files.list(root)) {
                assertThat(files.toList()).as("no temporary, no lock file, no set directory left").isEmpty();
            }
        } finally {
            receiver.destroyForcibly();
        }
    }
}
