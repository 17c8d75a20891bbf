package org.btrfssendbackup.core.config;

/** COMPRESSION applied to the send stream before encryption. */
public enum Compression {
    NONE("none"),
    ZSTD("zstd");

    private final String configValue;

    Compression(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }
}
