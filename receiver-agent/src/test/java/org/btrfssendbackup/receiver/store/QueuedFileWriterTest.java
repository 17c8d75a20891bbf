package org.btrfssendbackup.receiver.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueuedFileWriterTest {

    @TempDir
    Path dir;

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private FileChannel newFile(String name) throws IOException {
        return FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    @ParameterizedTest
    @CsvSource({"0, 1", "1, 1", "4096, 4096", "4097, 1000", "300000, 65536", "300000, 7", "1048576, 100000"})
    void writesEveryByteInOrder(int size, int writeSize) throws Exception {
        byte[] data = random(size, size);
        try (FileChannel file = newFile("f")) {
            BackgroundFlusher flusher = new BackgroundFlusher(file, 64 << 10, "test");
            QueuedFileWriter writer = new QueuedFileWriter(file, flusher, 3, 4096, "test");
            for (int at = 0; at < size; at += writeSize) {
                writer.write(data, at, Math.min(writeSize, size - at));
            }
            writer.finish();
            flusher.finish();
        }
        assertThat(Files.readAllBytes(dir.resolve("f"))).isEqualTo(data);
    }

    @Test
    void theReadingSideGoesOnWhileTheFileIsLockedUpToTheQueuesSize() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (FileChannel file = new StallingChannel(newFile("f"), blocked, release)) {
            BackgroundFlusher flusher = new BackgroundFlusher(file, Long.MAX_VALUE, "test");
            QueuedFileWriter writer = new QueuedFileWriter(file, flusher, 4, 1000, "test");
            byte[] data = random(6000, 1);
            writer.write(data, 0, 1000); // taken by the writing thread, which then stalls
            assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
            // the other three chunks fill while the file cannot be written
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> writer.write(data, 1000, 3000));
            release.countDown();
            writer.write(data, 4000, 2000);
            writer.finish();
            flusher.finish();
        }
        assertThat(Files.readAllBytes(dir.resolve("f"))).isEqualTo(random(6000, 1));
    }

    @Test
    void aFailedWriteReachesTheReadingSideWhichNeverBlocksOnIt() throws Exception {
        Files.write(dir.resolve("read-only"), new byte[0]);
        try (FileChannel readOnly = FileChannel.open(dir.resolve("read-only"), StandardOpenOption.READ)) {
            BackgroundFlusher flusher = new BackgroundFlusher(readOnly, Long.MAX_VALUE, "test");
            QueuedFileWriter writer = new QueuedFileWriter(readOnly, flusher, 2, 1000, "test");
            byte[] data = random(1000, 2);
            // far more than the queue holds: after the failure the thread discards, so no write waits forever
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> {
                for (int i = 0; i < 1000; i++) {
                    writer.write(data, 0, data.length);
                }
            }).isInstanceOf(IOException.class).hasMessageContaining("NonWritableChannelException"));
            assertThatThrownBy(writer::finish).isInstanceOf(IOException.class);
            flusher.stop();
        }
    }

    @Test
    void stopEndsTheThreadWithoutWritingWhatIsLeft() throws Exception {
        try (FileChannel file = newFile("f")) {
            BackgroundFlusher flusher = new BackgroundFlusher(file, Long.MAX_VALUE, "test");
            QueuedFileWriter writer = new QueuedFileWriter(file, flusher, 2, 1000, "stopped");
            writer.write(random(500, 3), 0, 500); // a partial chunk, never queued
            writer.stop();
            flusher.stop();
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("write-stopped"));
        }
        assertThat(Files.size(dir.resolve("f"))).isZero();
    }

    @Test
    void anInterruptedFinishStillLetsStopEndTheThread() throws Exception {
        try (FileChannel file = newFile("f")) {
            BackgroundFlusher flusher = new BackgroundFlusher(file, Long.MAX_VALUE, "test");
            QueuedFileWriter writer = new QueuedFileWriter(file, flusher, 2, 1000, "interrupted");
            writer.write(random(500, 4), 0, 500);
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(writer::finish).isInstanceOf(InterruptedIOException.class);
            } finally {
                Thread.interrupted();
            }
            assertTimeoutPreemptively(Duration.ofSeconds(10), writer::stop);
            flusher.stop();
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("write-interrupted"));
        }
    }

    @Test
    void refusesAnEmptyQueue() {
        assertThatThrownBy(() -> new QueuedFileWriter(null, null, 0, 1000, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 x 1000 bytes");
    }

    /** A file whose writes wait until released, as writes wait while btrfs flushes the file. */
    private static final class StallingChannel extends ForwardingFileChannel {
        private final CountDownLatch blocked;
        private final CountDownLatch release;

        StallingChannel(FileChannel real, CountDownLatch blocked, CountDownLatch release) {
            super(real);
            this.blocked = blocked;
            this.release = release;
        }

        @Override
        public int write(java.nio.ByteBuffer src) throws IOException {
            blocked.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("test never released the stalled write");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            return real.write(src);
        }
    }
}
