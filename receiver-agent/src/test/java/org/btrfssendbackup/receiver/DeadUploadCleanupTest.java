package org.btrfssendbackup.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receiver killed with SIGKILL mid-upload leaves its temporary file (nothing can delete it),
 * and the next put-stream to the same set, which holds the set's upload lock and so knows no
 * other writer is alive, removes it.
 */
class DeadUploadCleanupTest {

    static final String SET = "prod-srv/rootfs";
    static final String S1 = "prod-srv-rootfs-20260131T020500Z";
    static final String S2 = "prod-srv-rootfs-20260201T020500Z";

    @TempDir
    Path tmp;

    @Test
    void theNextUploadToTheSetRemovesWhatAKilledReceiverLeft() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("backup-root"));
        ProcessBuilder builder = ChildReceiver.builder(tmp, "BACKUP_ROOT='" + root + "'\n",
                "put-stream " + SET + " " + S1 + " full compression=none");
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process receiver = builder.start();
        Path setDir = root.resolve(SET);
        try (OutputStream stdin = receiver.getOutputStream()) {
            byte[] stream = TestStreams.encryptedLike(8 << 20, 6);
            stdin.write(stream, 0, stream.length / 2);
            stdin.flush();
            awaitTemporaryWithData(setDir);
            receiver.destroyForcibly(); // SIGKILL: no finally block runs
            assertThat(receiver.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } catch (IOException pipeClosed) {
            // the killed receiver closed its end; what matters is the file it left
        }
        assertThat(temporaries(setDir)).as("what the killed upload left").hasSize(1);

        ReceiverHarness.Outcome next = new ReceiverHarness(root).run("put-stream " + SET + " " + S2 + " full",
                TestStreams.encryptedLike(100_000, 7));

        assertThat(next.status()).as(next.stderr()).isZero();
        assertThat(temporaries(setDir)).isEmpty();
        assertThat(setDir.resolve(S2 + ".full.btrfs.gpg")).exists();
    }

    private static void awaitTemporaryWithData(Path setDir) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<Path> found = temporaries(setDir);
            if (found.size() == 1 && Files.size(found.get(0)) > 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the receiver never started writing its temporary file");
    }

    private static List<Path> temporaries(Path setDir) throws IOException {
        if (!Files.isDirectory(setDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(setDir)) {
            return files.filter(p -> StoreLayout.isTemporaryName(p.getFileName().toString())).toList();
        }
    }
}
