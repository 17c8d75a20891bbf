package org.btrfssendbackup.core.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one set lock, between this JVM and another process: a holder excludes every other taker,
 * the probe sees it without taking or creating anything, and a waiter gets it when it is freed.
 */
class SetLockTest {

    @TempDir
    Path set;

    @Test
    void aHolderExcludesOthersInThisJvmAndTheProbeSeesIt() throws Exception {
        Path lockFile = SetLock.uploadLockOf(set);
        assertThat(SetLock.isHeld(lockFile)).as("no lock file yet: free, and the probe creates none").isFalse();
        assertThat(lockFile).doesNotExist();

        try (SetLock held = SetLock.tryAcquire(lockFile).orElseThrow()) {
            assertThat(SetLock.tryAcquire(lockFile)).isEmpty();
            assertThat(SetLock.isHeld(lockFile)).isTrue();
        }
        assertThat(SetLock.isHeld(lockFile)).isFalse();
        try (SetLock again = SetLock.tryAcquire(lockFile).orElseThrow()) {
            assertThat(again).isNotNull();
        }
    }

    /** Another process holds it: a second JVM, as a put-stream's receiver would be. */
    @Test
    void anotherProcessExcludesUsAndAWaiterGetsItWhenItEnds() throws Exception {
        Path lockFile = SetLock.uploadLockOf(set);
        Files.createFile(lockFile);
        Path source = Files.writeString(set.resolve("Holder.java"), """
                import java.nio.channels.FileChannel;
                import java.nio.file.*;
                public class Holder {
                    public static void main(String[] args) throws Exception {
                        try (FileChannel c = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE); var lock = c.lock()) {
                            System.out.println("held");
                            System.out.flush();
                            Thread.sleep(1500);
                        }
                    }
                }
                """);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(List.of(java, source.toString(), lockFile.toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(new String(holder.getInputStream().readNBytes(5))).isEqualTo("held\n");

        assertThat(SetLock.isHeld(lockFile)).isTrue();
        assertThat(SetLock.acquire(lockFile, Duration.ofMillis(300))).as("still held after a short wait").isEmpty();
        Instant start = Instant.now();
        Optional<SetLock> waited = SetLock.acquire(lockFile, Duration.ofSeconds(10));
        assertThat(waited).as("free once the holder exits").isPresent();
        waited.get().close();
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
        holder.waitFor();
    }
}
