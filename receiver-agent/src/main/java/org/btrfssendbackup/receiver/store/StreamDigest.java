package org.btrfssendbackup.receiver.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Byte count and SHA-256 of everything that passed, computed on the way (bounded memory). */
public final class StreamDigest {

    private final MessageDigest sha256;
    private long bytes;

    public StreamDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public void update(byte[] buffer, int offset, int length) {
        sha256.update(buffer, offset, length);
        bytes += length;
    }

    public long bytes() {
        return bytes;
    }

    public String hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }
}
