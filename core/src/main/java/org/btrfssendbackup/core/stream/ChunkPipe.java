package org.btrfssendbackup.core.stream;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.btrfssendbackup.core.io.ChunkingOutputStream;
import org.btrfssendbackup.core.io.OneByteRead;

/**
 * A bounded hand-off of byte chunks from one thread to another: the producer's encoder stages
 * (compression, encryption, upload) and the receiver's reading and writing of an upload run on
 * separate threads through it. Chunks are recycled: the heap cost is fixed at
 * {@code chunks x chunkBytes} whatever the stream size.
 */
public final class ChunkPipe {
    private record Chunk(byte[] data, int length) {
    }

    private static final Chunk END = new Chunk(new byte[0], -1);

    private final BlockingQueue<Chunk> filled;
    private final BlockingQueue<byte[]> empty;
    private volatile Throwable writerFailure;
    /** What the reading side failed with, under {@link #drainUntilEnd}: the writer's next write throws it. */
    private volatile IOException readerFailure;
    /** Set before the failure's END is queued, so the reader never sees a normal end instead. */
    private volatile boolean failed;

    public ChunkPipe(int chunks, int chunkBytes) {
        if (chunks < 1 || chunkBytes < 1) {
            throw new IllegalArgumentException("a chunk pipe needs chunks, got " + chunks + " x " + chunkBytes + " bytes");
        }
        filled = new ArrayBlockingQueue<>(chunks + 1);
        empty = new ArrayBlockingQueue<>(chunks);
        for (int i = 0; i < chunks; i++) {
            empty.add(new byte[chunkBytes]);
        }
    }

    /** The writing end; close() marks the end of the data. */
    public OutputStream writer() {
        return new ChunkingOutputStream() {
            @Override
            public void write(int b) throws IOException {
                refuseAfterFailure();
                super.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                refuseAfterFailure();
                super.write(b, off, len);
            }

            @Override
            protected byte[] emptyChunk() throws IOException {
                return take(empty);
            }

            @Override
            protected void full(byte[] chunk) throws IOException {
                put(new Chunk(chunk, chunk.length));
            }

            @Override
            public void close() throws IOException {
                if (failed) {
                    return; // the failure already ended the data
                }
                takePart((chunk, length) -> {
                    if (length > 0) {
                        put(new Chunk(chunk, length));
                    }
                });
                put(END);
            }
        };
    }

    /**
     * The reading end as a stream, for a reader that parses what it reads (restore's zstd):
     * end-of-stream when the writer closes; the writer's failure is thrown as it was thrown
     * when it is an IOException (so its type, e.g. a failed integrity check, still tells the
     * reader what went wrong). One reader only.
     */
    public java.io.InputStream reader() {
        return new java.io.InputStream() {
            private Chunk current;
            private int pos;
            private boolean ended;

            @Override
            public int read() throws IOException {
                return OneByteRead.through(this);
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (current == null) {
                    if (ended) {
                        return -1;
                    }
                    Chunk next = take(filled);
                    if (next == END) {
                        ended = true;
                        if (writerFailure instanceof IOException io) {
                            throw io;
                        }
                        rethrowWriterFailure();
                        return -1;
                    }
                    current = next;
                    pos = 0;
                }
                int n = Math.min(len, current.length() - pos);
                System.arraycopy(current.data(), pos, b, off, n);
                pos += n;
                if (pos == current.length()) {
                    empty.add(current.data());
                    current = null;
                }
                return n;
            }
        };
    }

    /** Ends the data with a failure that {@link #drainTo} rethrows on the reading side. */
    public void fail(Throwable failure) {
        writerFailure = failure;
        failed = true;
        filled.offer(END); // room is reserved for it: filled holds chunks + 1
    }

    /**
     * Copies every chunk to {@code out} until the writer closes; rethrows the writer's failure.
     * If {@code out} fails, this throws at once: the caller stops the writing thread.
     */
    public void drainTo(OutputStream out) throws IOException {
        while (true) {
            Chunk chunk = take(filled);
            if (chunk == END) {
                rethrowWriterFailure();
                return;
            }
            out.write(chunk.data(), 0, chunk.length());
            empty.add(chunk.data());
        }
    }

    /**
     * As {@link #drainTo}, for a reading side nobody else stops: once {@code out} fails, the
     * writer's next write throws that failure, and the chunks still coming are dropped until the
     * writer ends the data (close or {@link #fail}), so the writer never waits on a reader that
     * stopped. Then the reading side's failure (else the writer's) is thrown here.
     */
    public void drainUntilEnd(OutputStream out) throws IOException {
        IOException outFailed = null;
        while (true) {
            Chunk chunk = take(filled);
            if (chunk == END) {
                if (outFailed != null) {
                    throw outFailed;
                }
                rethrowWriterFailure();
                return;
            }
            if (outFailed == null) {
                try {
                    out.write(chunk.data(), 0, chunk.length());
                } catch (IOException e) {
                    outFailed = e;
                } catch (RuntimeException e) {
                    outFailed = new IOException(e.toString(), e);
                }
                readerFailure = outFailed;
            }
            empty.add(chunk.data());
        }
    }

    private void rethrowWriterFailure() throws IOException {
        if (writerFailure != null) {
            throw writerFailure instanceof IOException io ? new IOException(io.getMessage(), io)
                    : new IOException("stream pipeline failed: " + writerFailure, writerFailure);
        }
    }

    private void refuseAfterFailure() throws IOException {
        IOException readerFailed = readerFailure;
        if (readerFailed != null) {
            throw new IOException(readerFailed.getMessage(), readerFailed);
        }
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
