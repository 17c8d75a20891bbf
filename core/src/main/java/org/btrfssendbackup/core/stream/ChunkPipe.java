package org.btrfssendbackup.core.stream;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A bounded hand-off of byte chunks from one thread to another, so that compression and
 * encryption run on separate cores. Chunks are recycled: the heap cost is fixed at
 * {@code chunks x chunkBytes} whatever the stream size.
 */
final class ChunkPipe {
    private record Chunk(byte[] data, int length) {
    }

    private static final Chunk END = new Chunk(new byte[0], -1);

    private final BlockingQueue<Chunk> filled;
    private final BlockingQueue<byte[]> empty;
    private volatile Throwable writerFailure;
    /** Set before the failure's END is queued, so the reader never sees a normal end instead. */
    private volatile boolean failed;

    ChunkPipe(int chunks, int chunkBytes) {
        filled = new ArrayBlockingQueue<>(chunks + 1);
        empty = new ArrayBlockingQueue<>(chunks);
        for (int i = 0; i < chunks; i++) {
            empty.add(new byte[chunkBytes]);
        }
    }

    /** The writing end; close() marks the end of the data. */
    OutputStream writer() {
        return new OutputStream() {
            private byte[] current;
            private int length;

            @Override
            public void write(int b) throws IOException {
                refuseAfterFailure();
                // OpenPGP writes its length octets one by one: no array per byte
                if (current == null) {
                    current = take(empty);
                    length = 0;
                }
                current[length++] = (byte) b;
                if (length == current.length) {
                    put(new Chunk(current, length));
                    current = null;
                }
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                refuseAfterFailure();
                while (len > 0) {
                    if (current == null) {
                        current = take(empty);
                        length = 0;
                    }
                    int n = Math.min(len, current.length - length);
                    System.arraycopy(b, off, current, length, n);
                    length += n;
                    off += n;
                    len -= n;
                    if (length == current.length) {
                        put(new Chunk(current, length));
                        current = null;
                    }
                }
            }

            @Override
            public void close() throws IOException {
                if (failed) {
                    return; // the failure already ended the data
                }
                if (current != null && length > 0) {
                    put(new Chunk(current, length));
                }
                current = null;
                put(END);
            }
        };
    }

    /** Ends the data with a failure that {@link #drainTo} rethrows on the reading side. */
    void fail(Throwable failure) {
        writerFailure = failure;
        failed = true;
        filled.offer(END); // room is reserved for it: filled holds chunks + 1
    }

    /** Copies every chunk to {@code out} until the writer closes; rethrows the writer's failure. */
    void drainTo(OutputStream out) throws IOException {
        while (true) {
            Chunk chunk = take(filled);
            if (chunk == END) {
                if (writerFailure != null) {
                    throw writerFailure instanceof IOException io ? new IOException(io.getMessage(), io)
                            : new IOException("stream pipeline failed: " + writerFailure, writerFailure);
                }
                return;
            }
            out.write(chunk.data(), 0, chunk.length());
            empty.add(chunk.data());
        }
    }

    private void refuseAfterFailure() throws IOException {
        if (failed) {
            throw new IOException("stream pipeline already failed: " + writerFailure);
        }
    }

    private void put(Chunk chunk) throws InterruptedIOException {
        try {
            filled.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("stream pipeline cancelled");
        }
    }

    private static <T> T take(BlockingQueue<T> queue) throws InterruptedIOException {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("stream pipeline cancelled");
        }
    }
}
