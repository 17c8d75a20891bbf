package org.btrfssendbackup.core.stream;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.btrfssendbackup.core.manifest.Compression;

/**
 * Applies and undoes a {@link Compression} on the stream path. ZSTD output is a standard zstd
 * frame ({@code zstd -d} reads it), made by zstd-jni at level 3 with one worker per core: zstd's
 * worker threads compress while the calling thread encrypts and hashes, so the two overlap on two
 * cores. UNKNOWN is refused: it describes an old manifest, not something that can be applied.
 */
public final class CompressionCodec {

    public static final int ZSTD_LEVEL = 3;

    private CompressionCodec() {
    }

    /** Wraps {@code target}; closing the result ends the frame and closes {@code target}. */
    public static OutputStream compressing(Compression compression, OutputStream target) throws IOException {
        return switch (applicable(compression)) {
            case ZSTD -> {
                ZstdOutputStream zstd = new ZstdOutputStream(target, ZSTD_LEVEL);
                zstd.setWorkers(Runtime.getRuntime().availableProcessors());
                yield zstd;
            }
            default -> target;
        };
    }

    /** Wraps {@code source}; closing the result closes {@code source}. */
    public static InputStream decompressing(Compression compression, InputStream source) throws IOException {
        return applicable(compression) == Compression.ZSTD ? new ZstdInputStream(source) : source;
    }

    /** {@code compression} when a producer can apply it; the error names the accepted ones. */
    public static Compression applicable(Compression compression) {
        if (compression == null || !Compression.applicable().contains(compression)) {
            throw new IllegalArgumentException("compression " + compression + " cannot be applied to a stream, expected one of "
                    + Compression.applicable());
        }
        return compression;
    }
}
