package org.btrfssendbackup.ops.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reader thread of HashingInputStream.drain: bytes in order, failures surfaced, no thread left. */
class ReadAheadTest {

    private static final int BUFFER = 64 * 1024;

    @AfterEach
    void noReaderLeftRunning() {
        assertThat(readAheadThreads()).as("read-ahead threads still alive").isEmpty();
    }

    static Set<Thread> readAheadThreads() {
        Set<Thread> alive = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("read-ahead") && t.isAlive()) {
                alive.add(t);
            }
        }
        return alive;
    }

    @Test
    void everyByteReachesTheConsumerInOrderReadOnAnotherThread() throws IOException {
        byte[] data = new byte[7 * BUFFER + 123];
        new Random(3).nextBytes(data);
        ByteArrayOutputStream consumed = new ByteArrayOutputStream();
        Set<Thread> readers = new HashSet<>();
        InputStream file = new SlowlyReturningStream(data) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                readers.add(Thread.currentThread());
                return super.read(b, off, len);
            }
        };
        long total = ReadAhead.drain(file, BUFFER, (buffer, length) -> consumed.write(buffer, 0, length));
        assertThat(total).isEqualTo(data.length);
        assertThat(consumed.toByteArray()).isEqualTo(data);
        // the overlap: reads never run on the consuming (hashing) thread
        assertThat(readers).doesNotContain(Thread.currentThread()).hasSize(1);
    }

    @Test
    void aReadErrorIsThrownAsItWasThrownAfterTheBytesBeforeIt() {
        IOException eio = new IOException("Input/output error");
        ByteArrayOutputStream consumed = new ByteArrayOutputStream();
        InputStream failing = new SlowlyReturningStream(new byte[3 * BUFFER]) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position() >= 2 * BUFFER) {
                    throw eio;
                }
                return super.read(b, off, len);
            }
        };
        assertThatThrownBy(() -> ReadAhead.drain(failing, BUFFER, (b, n) -> consumed.write(b, 0, n))).isSameAs(eio);
        assertThat(consumed.size()).isEqualTo(2 * BUFFER);
    }

    @Test
    void aFailingConsumerStopsTheReaderOfAnEndlessStream() {
        IOException full = new IOException("consumer failed");
        assertThatThrownBy(() -> ReadAhead.drain(new EndlessStream(), BUFFER, (b, n) -> {
            throw full;
        })).isSameAs(full);
    }

    @Test
    void anInterruptedConsumerStopsTheReaderAndKeepsItsInterrupt() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        CountDownLatch consuming = new CountDownLatch(1);
        Thread consumer = new Thread(() -> {
            try {
                ReadAhead.drain(new EndlessStream(), BUFFER, (b, n) -> {
                    consuming.countDown();
                    Thread.onSpinWait();
                });
            } catch (Throwable e) {
                thrown.set(e);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        consumer.start();
        consuming.await();
        consumer.interrupt();
        consumer.join(10_000);
        assertThat(consumer.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedIOException.class);
        assertThat(stillInterrupted.get()).isTrue();
    }

    /**
     * A read that ignores the interrupt (a pipe whose writer neither writes nor closes) does not
     * hang the failing drain: it throws the consumer's failure once the wait for the reader ends.
     */
    @Test
    void aReaderStuckInAReadIsLeftBehindAfterTheWaitAndTheFailureStillComes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> reader = new AtomicReference<>();
        InputStream stuckAfterOneBuffer = new InputStream() {
            private boolean first = true;

            @Override
            public int read() {
                throw new UnsupportedOperationException("one-byte read");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (first) {
                    first = false;
                    return len;
                }
                reader.set(Thread.currentThread());
                while (true) {
                    try {
                        release.await();
                        return -1;
                    } catch (InterruptedException e) {
                        // as a read(2) of a silent pipe: the interrupt does not end it
                    }
                }
            }
        };
        IOException full = new IOException("consumer failed");
        long start = System.nanoTime();
        try {
            assertThatThrownBy(() -> ReadAhead.drain(stuckAfterOneBuffer, BUFFER, (b, n) -> {
                while (reader.get() == null) {
                    Thread.onSpinWait(); // the reader is in its stuck read before the consumer fails
                }
                throw full;
            }, Duration.ofMillis(300))).isSameAs(full);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(reader.get().isAlive()).isTrue(); // left behind, not waited for
            assertThat(reader.get().isDaemon()).isTrue();
        } finally {
            release.countDown();
            if (reader.get() != null) {
                reader.get().join(10_000);
            }
        }
    }

    /** A file's stream that returns less than asked now and then, as pipes do. */
    private static class SlowlyReturningStream extends InputStream {
        private final byte[] data;
        private int position;

        SlowlyReturningStream(byte[] data) {
            this.data = data;
        }

        int position() {
            return position;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("one-byte read");
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position == data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, data.length - position), 1000 + position % 50_000);
            System.arraycopy(data, position, b, off, n);
            position += n;
            return n;
        }
    }

    private static final class EndlessStream extends InputStream {
        @Override
        public int read() {
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            Arrays.fill(b, off, off + len, (byte) 1);
            return len;
        }
    }
}
