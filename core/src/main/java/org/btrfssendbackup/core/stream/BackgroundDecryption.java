package org.btrfssendbackup.core.stream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads an opened decryption on its own thread ({@code decode-decrypt}) into a {@link ChunkPipe},
 * so that the restore's zstd decompression (and its writing to {@code btrfs receive}) runs on
 * the reading thread in parallel with the AES and, under it, the reading and hashing of the
 * stored file. The decryption's failure (a failed integrity check at the end) reaches the
 * reader as it was thrown. Closing stops the thread and closes the decryption.
 */
final class BackgroundDecryption extends FilterInputStream {
    static final int CHUNKS = 4;
    static final int CHUNK_BYTES = 1 << 20;
    private static final long STOP_WAIT_MILLIS = 5_000;

    private final Thread thread;
    private final InputStream decrypted;

    BackgroundDecryption(InputStream decrypted, ChunkPipe pipe) {
        super(pipe.reader());
        this.decrypted = decrypted;
        thread = new Thread(() -> copy(decrypted, pipe), "decode-decrypt");
        thread.setDaemon(true);
        thread.start();
    }

    static BackgroundDecryption of(InputStream decrypted) {
        return new BackgroundDecryption(decrypted, new ChunkPipe(CHUNKS, CHUNK_BYTES));
    }

    private static void copy(InputStream decrypted, ChunkPipe pipe) {
        OutputStream writer = pipe.writer();
        try {
            decrypted.transferTo(writer);
            writer.close();
        } catch (Throwable e) {
            pipe.fail(e);
        }
    }

    @Override
    public void close() throws IOException {
        thread.interrupt(); // a no-op once it finished; else its pipe operations end at once
        try {
            thread.join(STOP_WAIT_MILLIS); // a read of the stored file is not interruptible...
            decrypted.close(); // ...but closing the file ends it
            thread.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            decrypted.close();
        }
    }
}
