package org.btrfssendbackup.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.btrfssendbackup.core.protocol.ReceiverExit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * get-stream as the forced command runs it: a receiver JVM of its own whose stdout is a pipe, as
 * from sshd, so the file goes out through sendfile(2); the bytes and the errors are as before.
 */
class GetStreamTest {

    static final String SET = PutStreamTest.SET;
    static final String FILE = "p-20260130T000000Z.full.btrfs.gpg";

    @TempDir
    Path root;
    @TempDir
    Path tmp;

    /** Larger than any buffer on the way (the copy's MiB, a pipe's 64 KiB, sendfile's chunks). */
    @Test
    void aStoredFileLargerThanAnyBufferArrivesByteForByteThroughAPipe() throws Exception {
        byte[] stored = TestStreams.encryptedLike(5 * 1024 * 1024 + 17, 4);
        assertThat(new ReceiverHarness(root).run("put-stream " + SET + " p-20260130T000000Z full", stored).status()).isZero();

        Child get = child("get-stream " + SET + " " + FILE);
        assertThat(get.status()).as(get.stderr()).isZero();
        assertThat(get.stderr()).isEmpty();
        assertThat(get.stdout()).isEqualTo(stored);
    }

    @Test
    void aMissingStreamIsStillOneLineOnStderrAndExitStatusOne() throws Exception {
        Child missing = child("get-stream " + SET + " " + FILE);
        assertThat(missing.status()).isEqualTo(ReceiverExit.FAILED);
        assertThat(missing.stdout()).isEmpty();
        assertThat(missing.stderr()).isEqualTo("btrfs-backup-receive: failed: get-stream " + SET + "/" + FILE
                + ": no such stored stream\n");
    }

    /** A reader that goes away (ssh killed) ends the receiver with a failure, not a hang. */
    @Test
    void aReaderThatGoesAwayFailsTheCopy() throws Exception {
        byte[] stored = TestStreams.encryptedLike(8 * 1024 * 1024, 5);
        assertThat(new ReceiverHarness(root).run("put-stream " + SET + " p-20260130T000000Z full", stored).status()).isZero();
        Process process = ChildReceiver.builder(tmp, "BACKUP_ROOT='" + root + "'\n", "get-stream " + SET + " " + FILE)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        process.getInputStream().readNBytes(1000);
        process.getInputStream().close();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("receiver ended").isTrue();
        assertThat(process.exitValue()).isEqualTo(ReceiverExit.FAILED);
        assertThat(new String(err.get().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .startsWith("btrfs-backup-receive: failed: ").hasLineCount(1);
    }

    record Child(int status, byte[] stdout, String stderr) {
    }

    private Child child(String command) throws Exception {
        Process process = ChildReceiver.builder(tmp, "BACKUP_ROOT='" + root + "'\n", command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("receiver ended").isTrue();
        return new Child(process.exitValue(), out, err.get());
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
