package org.btrfssendbackup.receiver;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Byte count and SHA-256 of everything that passed, computed on the way (bounded memory). */
final class StreamDigest {

    private final MessageDigest sha256;
    private long bytes;

    StreamDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    void update(byte[] buffer, int offset, int length) {
        sha256.update(buffer, offset, length);
        bytes += length;
    }

    long bytes() {
        return bytes;
    }

    String hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }
}
