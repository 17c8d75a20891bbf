package org.btrfssendbackup.core.manifest;

import java.util.List;
import org.btrfssendbackup.core.text.WireWord;

/**
 * What was applied to the send stream before encryption: the COMPRESSION config key, the
 * manifest's compression key and the put-stream argument all use these tokens. UNKNOWN is for
 * manifests that do not say (the seed's): gpg's own default compression may or may not be in
 * there, which {@code gpg --decrypt} handles by itself; a producer never applies it
 * ({@link org.btrfssendbackup.core.stream.CompressionCodec} refuses it).
 */
public enum Compression implements WireWord {
    NONE,
    ZSTD,
    UNKNOWN;

    /** The compressions a producer can apply: every constant except UNKNOWN. */
    public static List<Compression> applicable() {
        return List.of(NONE, ZSTD);
    }

    public static Compression parse(String text) {
        return WireWord.find(Compression.class, text).orElseThrow(
                () -> new IllegalArgumentException("compression '" + text + "' is not none, zstd or unknown"));
    }

    @Override
    public String toString() {
        return token();
    }
}
