package org.btrfssendbackup.core.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.btrfssendbackup.core.crypto.OpenPgpEncryptor;
import org.btrfssendbackup.core.crypto.Passphrase;

/**
 * The producer's stream path: send stream → optional zstd → OpenPGP encryption → count and
 * SHA-256 → the upload, on two threads joined by a bounded {@link ChunkPipe}. Heap use is under
 * 10 MiB whatever the stream size (copy buffer, 4 pipe chunks and two OpenPGP packet buffers of
 * 1 MiB each; zstd's windows live in native memory).
 */
public final class StreamEncoder {
    static final int COPY_BUFFER_BYTES = 1 << 20;
    /** Chunks in flight between the threads: 4 MiB of heap, enough to absorb zstd's bursts. */
    static final int PIPE_CHUNKS = 4;

    private final Passphrase passphrase;
    private final Compression compression;

    public StreamEncoder(Passphrase passphrase, Compression compression) {
        if (passphrase == null || compression == null) {
            throw new IllegalArgumentException("stream encoder needs a passphrase and a compression");
        }
        this.passphrase = passphrase;
        this.compression = compression;
    }

    /**
     * Encodes all of {@code plain} into {@code stored}. Neither stream is closed (the caller owns
     * them); {@code stored} is flushed.
     */
    public EncodedStream encode(InputStream plain, OutputStream stored) throws IOException {
        CountingHashingOutputStream hashed = new CountingHashingOutputStream(new UnclosableOutputStream(stored));
        OutputStream encrypted = OpenPgpEncryptor.open(hashed, passphrase);
        ChunkPipe pipe = new ChunkPipe(PIPE_CHUNKS, COPY_BUFFER_BYTES);
        long[] plainBytes = {0};
        // Reading and compressing on one thread, encrypting and hashing on this one: with zstd
        // in the same thread, encryption waited for zstd's workers and both cores sat half idle.
        Thread feeder = new Thread(() -> feed(plain, pipe, plainBytes), "stream-encoder-feed");
        feeder.setDaemon(true);
        feeder.start();
        try {
            pipe.drainTo(encrypted);
            encrypted.close();
        } finally {
            feeder.interrupt(); // a no-op when it finished; unblocks it when we failed
            join(feeder);
        }
        hashed.flush();
        return new EncodedStream(plainBytes[0], hashed.bytes(), hashed.sha256Hex(), compression);
    }

    private void feed(InputStream plain, ChunkPipe pipe, long[] plainBytes) {
        try (OutputStream compressed = compression.compressing(pipe.writer())) {
            byte[] buffer = new byte[COPY_BUFFER_BYTES];
            int n;
            while ((n = plain.readNBytes(buffer, 0, buffer.length)) > 0) {
                compressed.write(buffer, 0, n);
                plainBytes[0] += n;
            }
        } catch (IOException | RuntimeException | Error e) {
            pipe.fail(e);
        }
    }

    private static void join(Thread feeder) throws IOException {
        try {
            feeder.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted waiting for the stream encoder's feeder");
        }
    }
}
