package org.btrfssendbackup.core.crypto;

import java.io.IOException;

/** Decrypting a stored stream failed; the message names the file and the cause. */
public class DecryptionException extends IOException {
    private final String source;

    public DecryptionException(String source, String message, Throwable cause) {
        super("decrypting " + source + ": " + message, cause);
        this.source = source;
    }

    /** The file (or other source name) that failed to decrypt. */
    public String source() {
        return source;
    }
}
