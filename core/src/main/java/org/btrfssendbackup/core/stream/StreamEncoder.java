package org.btrfssendbackup.core.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.btrfssendbackup.core.crypto.OpenPgpEncryptor;
import org.btrfssendbackup.core.crypto.Passphrase;

/**
 * The producer's stream path: send stream → optional zstd → OpenPGP encryption → count and
 * SHA-256 → the upload. Heap use is a few MiB whatever the stream size (1 MiB copy buffer, two
 * 1 MiB OpenPGP packet buffers; zstd's windows live in native memory).
 */
public final class StreamEncoder {
    static final int COPY_BUFFER_BYTES = 1 << 20;

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
        long plainBytes = 0;
        try (OutputStream compressed = compression.compressing(encrypted)) {
            byte[] buffer = new byte[COPY_BUFFER_BYTES];
            int n;
            while ((n = plain.readNBytes(buffer, 0, buffer.length)) > 0) {
                compressed.write(buffer, 0, n);
                plainBytes += n;
            }
        }
        encrypted.close(); // already closed through zstd when compressing; closing twice is a no-op
        hashed.flush();
        return new EncodedStream(plainBytes, hashed.bytes(), hashed.sha256Hex(), compression);
    }
}
