package org.btrfssendbackup.producer.upload;

/** The receiver's confirmation does not match what was sent: the state file must not move. */
public final class UploadMismatchException extends RuntimeException {
    public UploadMismatchException(String message) {
        super(message);
    }
}
