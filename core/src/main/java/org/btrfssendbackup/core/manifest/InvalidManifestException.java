package org.btrfssendbackup.core.manifest;

/** A manifest file that cannot be read: names the file, the line when known, and the cause. */
public class InvalidManifestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidManifestException(String message) {
        super(message);
    }

    public InvalidManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
