package org.btrfssendbackup.receiver.store;



/**
 * The backup disk is full (ENOSPC) or the quota is used up (EDQUOT), or an upload went over
 * MAX_STREAM_BYTES or into the free-space reserve (RESERVE_FREE_BYTES): exit status 3, one stderr
 * line starting {@code btrfs-backup-receive: no space left on backup-srv: }. Retrying cannot
 * cure it (the producer fails the step at once instead of re-sending), and nothing is stored.
 */
public class NoSpaceException extends ReceiveFailedException {

    private static final long serialVersionUID = 1L;

    public NoSpaceException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether the failure, or any cause of it, is the kernel's ENOSPC or EDQUOT (also in a tool's stderr). */
    public static boolean isNoSpace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NoSpaceException) {
                return true;
            }
            String message = String.valueOf(t.getMessage());
            if (message.contains("No space left on device") || message.contains("Disk quota exceeded")) {
                return true;
            }
        }
        return false;
    }
}
