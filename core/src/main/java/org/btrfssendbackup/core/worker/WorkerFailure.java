package org.btrfssendbackup.core.worker;

import java.io.IOException;

/**
 * What a worker thread threw, thrown again on the thread that waits for its work (verify's file
 * checks, the read-ahead of a drain): an IOException as it was, so the caller sees the same
 * exception the work alone would have thrown; unchecked ones rethrown as they are.
 */
public final class WorkerFailure {

    private WorkerFailure() {
    }

    /**
     * Throws {@code failure} when it is unchecked; returns it when it is an IOException, else an
     * IOException around it, for the caller to throw ({@code throw WorkerFailure.rethrown(e)}).
     */
    public static IOException rethrown(Throwable failure) {
        if (failure instanceof IOException io) {
            return io;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IOException(failure);
    }
}
