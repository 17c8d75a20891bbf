package org.btrfssendbackup.core.stream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import org.btrfssendbackup.core.worker.WorkerStop;

/**
 * Reads a stage of the restore's decoding on its own thread into a {@link ChunkPipe}: the
 * decryption ({@code decode-decrypt}, with the reading and hashing of the stored file under it)
 * and the zstd decompression ({@code decode-decompress}), so that the AES, the decompression and
 * the thread writing to {@code btrfs receive} run in parallel, as gpg, zstd and the shell's pipe
 * do. A stage's failure (a failed integrity check at the end) reaches the reader as it was
 * thrown. Closing stops the thread and closes the stage.
 */
final class BackgroundDecryption extends FilterInputStream {
    static final int CHUNKS = 4;
    static final int CHUNK_BYTES = 1 << 20;
    /** The first part of {@link WorkerStop#WAIT}: the stage ending by itself, before its source is closed under it. */
    private static final Duration FIRST_WAIT = WorkerStop.WAIT.dividedBy(2);

    private final Thread thread;
    private final InputStream decrypted;

    BackgroundDecryption(InputStream decrypted, ChunkPipe pipe, String threadName) {
        super(pipe.reader());
        this.decrypted = decrypted;
        thread = new Thread(() -> copy(decrypted, pipe), threadName);
        thread.setDaemon(true);
        thread.start();
    }

    static BackgroundDecryption of(InputStream decrypted) {
        return new BackgroundDecryption(decrypted, new ChunkPipe(CHUNKS, CHUNK_BYTES), "decode-decrypt");
    }

    /** The decompression on its own thread (the caller's thread only writes to btrfs receive). */
    static BackgroundDecryption decompression(InputStream decompressed) {
        return new BackgroundDecryption(decompressed, new ChunkPipe(CHUNKS, CHUNK_BYTES), "decode-decompress");
    }

    private static void copy(InputStream stage, ChunkPipe pipe) {
        OutputStream writer = pipe.writer();
        // Reads of a chunk's size, not transferTo's 8 KiB: one JNI call of zstd and one slice of
        // the decryptor per MiB instead of per 8 KiB.
        byte[] buffer = new byte[CHUNK_BYTES];
        try {
            int n;
            while ((n = stage.read(buffer, 0, buffer.length)) >= 0) {
                writer.write(buffer, 0, n);
            }
            writer.close();
        } catch (Throwable e) {
            pipe.fail(e);
        }
    }

    @Override
    public void close() throws IOException {
        thread.interrupt(); // a no-op once it finished; else its pipe operations end at once
        WorkerStop.join(thread, FIRST_WAIT); // a read of the stored file is not interruptible...
        decrypted.close(); // ...but closing the file ends it
        WorkerStop.join(thread, WorkerStop.WAIT.minus(FIRST_WAIT));
    }
}
