package org.btrfssendbackup.core.crypto;

/**
 * The ciphertext was altered or cut short: the modification detection code (MDC) did not match,
 * or the packets ended early. Raised before end-of-stream is reported, so a reader never takes a
 * truncated stream for a complete one.
 */
public final class IntegrityException extends DecryptionException {
    public IntegrityException(String source, String message, Throwable cause) {
        super(source, message, cause);
    }
}
