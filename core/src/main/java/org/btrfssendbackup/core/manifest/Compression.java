package org.btrfssendbackup.core.manifest;

import java.util.List;

/**
 * What was applied to the send stream before encryption: the COMPRESSION config key, the
 * manifest's compression key and the put-stream argument all use these tokens. UNKNOWN is for
 * manifests that do not say (the seed's): gpg's own default compression may or may not be in
 * there, which {@code gpg --decrypt} handles by itself; a producer never applies it
 * ({@link org.btrfssendbackup.core.stream.CompressionCodec} refuses it).
 */
public enum Compression {
    NONE("none"),
    ZSTD("zstd"),
    UNKNOWN("unknown");

    private final String token;

    Compression(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    /** The compressions a producer can apply: every constant except UNKNOWN. */
    public static List<Compression> applicable() {
        return List.of(NONE, ZSTD);
    }

    public static Compression parse(String text) {
        for (Compression c : values()) {
            if (c.token.equals(text)) {
                return c;
            }
        }
        throw new IllegalArgumentException("compression '" + text + "' is not none, zstd or unknown");
    }

    @Override
    public String toString() {
        return token;
    }
}
