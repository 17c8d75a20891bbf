package org.btrfssendbackup.receiver.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackgroundFlusherTest {

    @TempDir
    Path dir;

    @Test
    void flushesOncePerStepWrittenNotPerWrite() throws Exception {
        try (CountingChannel file = new CountingChannel(FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), false)) {
            BackgroundFlusher flusher = new BackgroundFlusher(file, 1000, "test");
            for (long total = 100; total <= 950; total += 100) {
                flusher.written(total); // below one step: no flush
            }
            Thread.sleep(100);
            assertThat(file.forces.get()).isZero();
            flusher.written(1000);
            await().atMost(Duration.ofSeconds(10)).until(() -> file.forces.get() == 1);
            flusher.written(1500);
            flusher.written(2100);
            await().atMost(Duration.ofSeconds(10)).until(() -> file.forces.get() == 2);
            flusher.finish();
            assertThat(file.forces.get()).isEqualTo(2);
        }
    }

    @Test
    void aFailedFlushIsReportedByTheNextWriteAndByFinish() throws Exception {
        try (CountingChannel file = new CountingChannel(FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), true)) {
            BackgroundFlusher flusher = new BackgroundFlusher(file, 10, "test");
            flusher.written(10);
            await().atMost(Duration.ofSeconds(10)).until(() -> file.forces.get() == 1);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThatThrownBy(() -> flusher.written(20)).hasMessageContaining("No space left on device"));
            assertThatThrownBy(flusher::finish).isInstanceOf(IOException.class)
                    .hasMessageContaining("flushing the upload to disk failed");
        }
    }

    @Test
    void stopEndsTheThreadAndIsIdempotent() throws Exception {
        try (CountingChannel file = new CountingChannel(FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), false)) {
            BackgroundFlusher flusher = new BackgroundFlusher(file, 1 << 20, "stop-test");
            flusher.stop();
            flusher.stop();
            flusher.finish();
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("flush-stop-test"));
        }
    }

    /** A real file channel that counts force() calls and can fail them like a full disk. */
    private static final class CountingChannel extends ForwardingFileChannel {
        final AtomicInteger forces = new AtomicInteger();
        private final boolean failForce;

        CountingChannel(FileChannel real, boolean failForce) {
            super(real);
            this.failForce = failForce;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            forces.incrementAndGet();
            if (failForce) {
                throw new IOException("No space left on device");
            }
            real.force(metaData);
        }
    }
}
