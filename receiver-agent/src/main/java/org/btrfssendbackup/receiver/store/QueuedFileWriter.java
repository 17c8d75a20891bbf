package org.btrfssendbackup.receiver.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.btrfssendbackup.core.stream.ChunkPipe;

/**
 * Writes an upload into its file from a thread of its own, through a bounded {@link ChunkPipe},
 * so that reading the upload from ssh does not stop while the file cannot be written.
 *
 * <p>Why: on btrfs an fsync holds the file's inode lock until its data is written back, and every
 * write meanwhile waits. With {@link BackgroundFlusher} flushing every 64 MiB, the reading loop
 * used to stop for each flush (60-100 ms per 64 MiB on the loop btrfs here), and with it ssh
 * and the producer. With the queue the upload keeps flowing for as long as the queue has room.
 *
 * <p>A write that fails is thrown to the reading side at its next {@link #write} and by
 * {@link #finish()}; the pipe then drops what is still queued, so the reading side never waits
 * on a writer that stopped. Heap: {@code chunks x chunkBytes}, whatever the upload size.
 */
public final class QueuedFileWriter {
    private final ChunkPipe pipe;
    private final OutputStream queue;
    private final Thread thread;
    private volatile IOException failure;
    private boolean ended;

    public QueuedFileWriter(FileChannel file, BackgroundFlusher flusher, int chunks, int chunkBytes, String name) {
        this.pipe = new ChunkPipe(chunks, chunkBytes);
        this.queue = pipe.writer();
        OutputStream toFile = new FileChannelOutput(file, flusher);
        this.thread = new Thread(() -> {
            try {
                pipe.drainUntilEnd(toFile);
            } catch (IOException e) {
                failure = e;
            }
        }, "write-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a copy of {@code b[off, off + len)}; waits while the queue is full. */
    public void write(byte[] b, int off, int len) throws IOException {
        queue.write(b, off, len);
    }

    /** Writes what is queued, stops the thread, and throws a write or flush that failed. */
    public void finish() throws IOException {
        if (!ended) {
            queue.close(); // if this throws (interrupted), stop() still ends the data
            ended = true;
        }
        Threads.joinUninterruptibly(thread);
        if (failure != null) {
            throw failure;
        }
    }

    /** Stops the thread without writing what is left: for failure paths, where an error is on its way. */
    public void stop() {
        if (!ended) {
            ended = true;
            pipe.fail(new IOException("upload abandoned")); // never blocks, even when interrupted
        }
        Threads.joinUninterruptibly(thread);
    }

    /** The file end of the pipe: writes every byte, then tells the flusher how far the file is. */
    private static final class FileChannelOutput extends OutputStream {
        private final FileChannel file;
        private final BackgroundFlusher flusher;
        private long written;

        FileChannelOutput(FileChannel file, BackgroundFlusher flusher) {
            this.file = file;
            this.flusher = flusher;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer data = ByteBuffer.wrap(b, off, len);
            while (data.hasRemaining()) {
                file.write(data);
            }
            written += len;
            flusher.written(written);
        }
    }
}
