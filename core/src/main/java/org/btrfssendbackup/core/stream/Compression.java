package org.btrfssendbackup.core.stream;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Compression applied to the send stream before encryption; its {@link #manifestValue()} is what
 * the manifest's compression key records. ZSTD output is a standard zstd frame ({@code zstd -d}
 * reads it), made by zstd-jni at level 3 with one worker per core: zstd's worker threads compress
 * while the calling thread encrypts and hashes, so the two overlap on two cores.
 */
public enum Compression {
    NONE,
    ZSTD;

    public static final int ZSTD_LEVEL = 3;

    /** Wraps {@code target}; closing the result ends the frame and closes {@code target}. */
    public OutputStream compressing(OutputStream target) throws IOException {
        return switch (this) {
            case NONE -> target;
            case ZSTD -> {
                ZstdOutputStream zstd = new ZstdOutputStream(target, ZSTD_LEVEL);
                zstd.setWorkers(Runtime.getRuntime().availableProcessors());
                yield zstd;
            }
        };
    }

    /** Wraps {@code source}; closing the result closes {@code source}. */
    public InputStream decompressing(InputStream source) throws IOException {
        return switch (this) {
            case NONE -> source;
            case ZSTD -> new ZstdInputStream(source);
        };
    }

    /** "none" or "zstd". */
    public String manifestValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a manifest value; the error lists the accepted ones. */
    public static Compression fromManifestValue(String value) {
        for (Compression c : values()) {
            if (c.manifestValue().equals(value)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown compression '" + value + "', expected one of "
                + Arrays.stream(values()).map(Compression::manifestValue).toList());
    }
}
