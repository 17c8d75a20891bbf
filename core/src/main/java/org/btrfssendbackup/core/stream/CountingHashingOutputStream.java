package org.btrfssendbackup.core.stream;

import java.io.IOException;
import java.io.OutputStream;
import org.btrfssendbackup.core.io.PassThroughOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Counts and SHA-256-hashes the bytes on their way to {@code target}, so the stored file's size
 * and checksum (manifest, receiver reply) come free with the upload instead of a second read.
 * Closing it closes {@code target}.
 */
public final class CountingHashingOutputStream extends PassThroughOutputStream {
    private final MessageDigest sha256;
    private long bytes;
    private String hex;

    public CountingHashingOutputStream(OutputStream target) {
        super(target);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK must provide SHA-256", e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        target.write(b);
        sha256.update((byte) b);
        bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        target.write(b, off, len);
        sha256.update(b, off, len);
        bytes += len;
    }

    /** Bytes written so far. */
    public long bytes() {
        return bytes;
    }

    /** Lowercase hex SHA-256 of everything written; ends hashing, so call it once, at the end. */
    public String sha256Hex() {
        if (hex == null) {
            hex = HexFormat.of().formatHex(sha256.digest());
        }
        return hex;
    }
}
