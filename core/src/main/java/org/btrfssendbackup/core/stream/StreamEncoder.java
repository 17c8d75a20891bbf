package org.btrfssendbackup.core.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import org.btrfssendbackup.core.crypto.OpenPgpEncryptor;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.manifest.Compression;
import org.btrfssendbackup.core.time.Durations;
import org.btrfssendbackup.core.worker.WorkerStop;

/**
 * The producer's stream path: send stream → optional zstd → OpenPGP encryption → count and
 * SHA-256 → the upload, as three stages on three threads joined by bounded {@link ChunkPipe}s:
 * <ol>
 * <li>feed: read the send stream, compress it (zstd's own workers do the compressing), frame it
 * as OpenPGP literal data and hash the MDC ({@link OpenPgpEncryptor#plaintextPackets});</li>
 * <li>encrypt: AES-CFB ({@link OpenPgpEncryptor#encryptedPacket}). CFB is serial, one core at
 * most, so this stage carries nothing else;</li>
 * <li>store (the calling thread): SHA-256, count, and the writes to the upload, which block
 * whenever ssh is slower, without stalling encryption while the pipe has room.</li>
 * </ol>
 * Heap use is about 18 MiB whatever the stream size (two pipes of 8 and 4 MiB, two OpenPGP
 * packet buffers of 1 MiB that G1 stores in 2 MiB each, small copy buffers; zstd's windows live
 * in native memory).
 */
public final class StreamEncoder {
    /**
     * Pipe chunk and read size. Below half of G1's 1 MiB region (what a 64 MiB heap gets), so
     * not a humongous object: a 1 MiB array takes two regions, half of them wasted.
     */
    static final int CHUNK_BYTES = 1 << 18;
    /**
     * Compressed data in flight to the encryption: 8 MiB, a whole zstd job's output. zstd's
     * workers hand over output a job (8 MiB of input at level 3) at a time; a smaller pipe
     * blocked the feeding thread, so no new job started while encryption caught up.
     */
    static final int TO_ENCRYPT_CHUNKS = 32;
    /** Ciphertext in flight to the upload: 4 MiB, so a slow ssh write does not stall AES. */
    static final int TO_STORE_CHUNKS = 16;

    /**
     * Stage threads are named with this prefix; short, because Linux keeps 15 characters of a
     * thread name, and per-thread CPU (top -H, /proc, perf) should tell the stages apart.
     */
    public static final String THREAD_PREFIX = "encode-";

    private final Passphrase passphrase;
    private final Compression compression;

    public StreamEncoder(Passphrase passphrase, Compression compression) {
        if (passphrase == null || compression == null) {
            throw new IllegalArgumentException("stream encoder needs a passphrase and a compression");
        }
        this.passphrase = passphrase;
        this.compression = CompressionCodec.applicable(compression);
    }

    /**
     * Encodes all of {@code plain} into {@code stored}. Neither stream is closed (the caller owns
     * them); {@code stored} is flushed.
     */
    public EncodedStream encode(InputStream plain, OutputStream stored) throws IOException {
        return encode(plain, stored, WorkerStop.WAIT);
    }

    /** {@link #encode}, waiting at most {@code stopWait} for each stage at the end (tests shorten it). */
    EncodedStream encode(InputStream plain, OutputStream stored, Duration stopWait) throws IOException {
        ChunkPipe toEncrypt = new ChunkPipe(TO_ENCRYPT_CHUNKS, CHUNK_BYTES);
        ChunkPipe toStore = new ChunkPipe(TO_STORE_CHUNKS, CHUNK_BYTES);
        long[] plainBytes = {0};
        Thread feeder = start(THREAD_PREFIX + "feed", () -> feed(plain, toEncrypt, plainBytes));
        Thread encryptor = start(THREAD_PREFIX + "encrypt", () -> encrypt(toEncrypt, toStore));
        CountingHashingOutputStream hashed = new CountingHashingOutputStream(new UnclosableOutputStream(stored));
        boolean drained = false;
        try {
            toStore.drainTo(hashed);
            drained = true;
        } finally {
            // no-ops when they finished; unblock them when a stage failed
            encryptor.interrupt();
            feeder.interrupt();
            // Bounded: after a failure the feeder may sit in a read of a send stream that neither
            // writes nor ends (a hung btrfs send); the failure is reported, and the caller's end of
            // btrfs send ends that read. After a whole drain both stages have already finished.
            boolean ended = WorkerStop.join(encryptor, stopWait) & WorkerStop.join(feeder, stopWait);
            if (drained && !ended) {
                throw new IOException("the stream encoder's stages did not end within " + Durations.format(stopWait)
                        + " after the whole stream was stored");
            }
        }
        hashed.flush();
        return new EncodedStream(plainBytes[0], hashed.bytes(), hashed.sha256Hex(), compression);
    }

    /**
     * On failure the pipe is failed first and only then is zstd closed (to free its native
     * memory): closing first would end the pipe normally, and the next stage could take a cut
     * stream for a complete one.
     */
    private void feed(InputStream plain, ChunkPipe pipe, long[] plainBytes) {
        OutputStream compressed = null;
        try {
            OutputStream toEncrypt = pipe.writer();
            compressed = CompressionCodec.compressing(compression, OpenPgpEncryptor.plaintextPackets(toEncrypt));
            byte[] buffer = new byte[CHUNK_BYTES];
            int n;
            while ((n = plain.readNBytes(buffer, 0, buffer.length)) > 0) {
                compressed.write(buffer, 0, n);
                plainBytes[0] += n;
            }
            compressed.close(); // ends zstd's frame, the literal packet and the MDC
            toEncrypt.close();
        } catch (IOException | RuntimeException | Error e) {
            pipe.fail(e);
            closeAfterFailure(compressed, e);
        }
    }

    /** Same rule as {@link #feed}: a failed stage never ends its pipe normally. */
    private void encrypt(ChunkPipe plaintext, ChunkPipe encrypted) {
        try {
            OutputStream toStore = encrypted.writer();
            OutputStream message = OpenPgpEncryptor.encryptedPacket(toStore, passphrase);
            plaintext.drainTo(message);
            message.close();
            toStore.close();
        } catch (IOException | RuntimeException | Error e) {
            encrypted.fail(e);
        }
    }

    private static void closeAfterFailure(OutputStream stream, Throwable failure) {
        if (stream == null) {
            return;
        }
        try {
            stream.close(); // writes into the failed pipe are refused, so this cannot block
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static Thread start(String name, Runnable stage) {
        Thread thread = new Thread(stage, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
