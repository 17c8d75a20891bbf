package org.btrfssendbackup.core.manifest;

/**
 * What was applied to the send stream before encryption. UNKNOWN is for manifests that do
 * not say (the seed's): gpg's own default compression may or may not be in there, which
 * {@code gpg --decrypt} handles by itself.
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
