package org.btrfssendbackup.core.stream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.btrfssendbackup.core.manifest.Compression;

/**
 * What decrypted bytes start with: a btrfs send stream ("btrfs-stream\0") or a zstd frame
 * (28 B5 2F FD). Lets restore pick the decompression even when a manifest lacks it (seed files).
 */
public enum StreamMagic {
    BTRFS_SEND("btrfs-stream\0".getBytes(StandardCharsets.US_ASCII)),
    ZSTD(new byte[] {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD});

    /** Enough bytes to tell every kind apart. */
    public static final int PREFIX_BYTES = 13;

    private final byte[] magic;

    StreamMagic(byte[] magic) {
        this.magic = magic;
    }

    /** The compression that turns a stream with this magic into a send stream. */
    public Compression compression() {
        return this == ZSTD ? Compression.ZSTD : Compression.NONE;
    }

    /** Detects the kind from the first bytes; empty when it is neither (or too short to tell). */
    public static Optional<StreamMagic> detect(byte[] prefix, int length) {
        for (StreamMagic kind : values()) {
            if (length >= kind.magic.length
                    && Arrays.equals(prefix, 0, kind.magic.length, kind.magic, 0, kind.magic.length)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** Peeks at {@code in}, which must support mark/reset (wrap it in a BufferedInputStream). */
    public static Optional<StreamMagic> peek(BufferedInputStream in) throws IOException {
        in.mark(PREFIX_BYTES);
        byte[] prefix = in.readNBytes(PREFIX_BYTES);
        in.reset();
        return detect(prefix, prefix.length);
    }
}
