package org.btrfssendbackup.ops.restore;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.btrfssendbackup.core.worker.WorkerFailure;
import org.btrfssendbackup.core.worker.WorkerStop;

/**
 * Reads a stream to its end on a thread of its own, into a few reused buffers, while the calling
 * thread consumes the filled ones: reading (the kernel's copy out of the page cache, and the
 * JDK's copy into the array) overlaps with what the consumer does (SHA-256), instead of taking
 * turns on one core. A read error is thrown by {@link #drain} on the calling thread as it was
 * thrown on the reader's. When {@link #drain} returns or throws, the reader thread has ended, or
 * it is stuck in a read that ignores its interrupt (a pipe whose writer neither writes nor closes)
 * and is left behind, a daemon, after {@link WorkerStop#WAIT}: a failure is then reported, not hung.
 */
final class ReadAhead {

    /** Two buffers let one be read while the other is hashed; the third absorbs jitter. */
    static final int BUFFERS = 3;

    /** What the calling thread does with each filled buffer; it must not keep the array. */
    @FunctionalInterface
    interface Consumer {
        void accept(byte[] buffer, int length) throws IOException;
    }

    /** A filled buffer, the end of the stream, or the read's failure. */
    private record Chunk(byte[] buffer, int length, Throwable failure) {
        static final Chunk END = new Chunk(null, -1, null);
    }

    private ReadAhead() {
    }

    /**
     * Reads {@code in} to its end in reads of up to {@code bufferBytes}, handing every byte to
     * {@code consumer} in order on the calling thread; returns how many bytes that was.
     */
    static long drain(InputStream in, int bufferBytes, Consumer consumer) throws IOException {
        return drain(in, bufferBytes, consumer, WorkerStop.WAIT);
    }

    /** {@link #drain}, waiting at most {@code stopWait} for the reader at the end (tests shorten it). */
    static long drain(InputStream in, int bufferBytes, Consumer consumer, Duration stopWait) throws IOException {
        BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
        for (int i = 0; i < BUFFERS; i++) {
            free.add(new byte[bufferBytes]);
        }
        // room for every buffer plus the end or failure: the reader never blocks on it
        BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(BUFFERS + 1);
        Thread reader = new Thread(() -> read(in, free, filled), "read-ahead");
        reader.setDaemon(true);
        reader.start();
        boolean finished = false;
        try {
            long total = 0;
            while (true) {
                Chunk chunk = filled.take();
                if (chunk.failure() != null) {
                    throw WorkerFailure.rethrown(chunk.failure());
                }
                if (chunk == Chunk.END) {
                    finished = true;
                    return total;
                }
                consumer.accept(chunk.buffer(), chunk.length());
                total += chunk.length();
                free.add(chunk.buffer());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading ahead");
        } finally {
            stop(reader, finished, stopWait);
        }
    }

    private static void read(InputStream in, BlockingQueue<byte[]> free, BlockingQueue<Chunk> filled) {
        try {
            while (true) {
                byte[] buffer = free.take();
                // until the buffer is full or the stream ends: fewer hand-overs than one read each
                int length = in.readNBytes(buffer, 0, buffer.length);
                if (length > 0) {
                    filled.add(new Chunk(buffer, length, null));
                }
                if (length < buffer.length) {
                    filled.add(Chunk.END);
                    return;
                }
            }
        } catch (InterruptedException e) {
            // the consumer gave up: nobody waits for what is left
        } catch (Throwable e) {
            filled.add(new Chunk(null, -1, e));
        }
    }

    /**
     * Waits for the reader to end, at most {@code stopWait}. After the end it is ending by itself;
     * after a failure or an interrupt of the consumer it is interrupted (a wait for a free buffer
     * ends at once, a read of a file soon; a read of a pipe when data or the end arrives, or never:
     * then it is left behind, a daemon, holding only its buffers).
     */
    private static void stop(Thread reader, boolean finished, Duration stopWait) {
        if (!finished) {
            reader.interrupt();
        }
        WorkerStop.join(reader, stopWait);
    }
}
