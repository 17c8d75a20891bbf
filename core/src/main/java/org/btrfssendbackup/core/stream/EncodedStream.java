package org.btrfssendbackup.core.stream;

import org.btrfssendbackup.core.manifest.Compression;
/**
 * What {@link StreamEncoder} wrote: the send stream's size, and the stored file's size and
 * SHA-256 (lowercase hex), as the manifest and the receiver's reply record them.
 */
public record EncodedStream(long plainBytes, long storedBytes, String sha256, Compression compression) {
    public EncodedStream {
        if (plainBytes < 0 || storedBytes <= 0) {
            throw new IllegalArgumentException("encoded stream sizes must be plain >= 0, stored > 0; got plain="
                    + plainBytes + " stored=" + storedBytes);
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("encoded stream sha256 must be 64 lowercase hex digits: " + sha256);
        }
        if (compression == null) {
            throw new IllegalArgumentException("encoded stream compression is required");
        }
    }
}
