package org.btrfssendbackup.core.protocol;

/**
 * The receiver's exit statuses: part of the protocol, since the producer reads them (a refusal
 * and a full backup disk are permanent failures, anything else may be retried). Written by the
 * receiver and read by the producer from this one place; the values never change.
 */
public final class ReceiverExit {

    /** Done; stdout carries the reply. */
    public static final int OK = 0;
    /** Accepted but not completed (I/O error, a truncated upload, a busy set): retrying may succeed. */
    public static final int FAILED = 1;
    /** Refused: a command, argument or stream this receiver will not take ({@link CommandRefusedException}). */
    public static final int REFUSED = 2;
    /**
     * The backup disk is full (or over quota), or an upload went over MAX_STREAM_BYTES or into
     * RESERVE_FREE_BYTES: retrying cannot help, the producer fails at once.
     */
    public static final int NO_SPACE = 3;

    private ReceiverExit() {
    }
}
