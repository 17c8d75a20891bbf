package org.btrfssendbackup.messages.event;

/**
 * A long transfer is under way: how far it is, for the web console's live view. Published by the
 * sending step outside its transaction, at most one every ten seconds and only once the transfer
 * has run that long (so a short transfer has none); informational: nothing consumes it but the
 * audit history and the consoles, and no verdict depends on it.
 *
 * @param snapshot      the snapshot being sent
 * @param kind          full or incr
 * @param bytes         bytes sent so far (after compression and encryption)
 * @param expectedBytes the expected total: the size of the last stored stream of the same kind;
 *                      null when unknown
 * @param elapsedMillis how long the transfer has run
 */
public record TransferProgress(String snapshot, SnapshotKind kind, long bytes, Long expectedBytes, long elapsedMillis)
        implements EventPayload {
    public TransferProgress {
        Require.matches(snapshot, Require.SNAPSHOT_NAME, "TransferProgress.snapshot");
        Require.notNull(kind, "TransferProgress.kind");
        Require.nonNegative(bytes, "TransferProgress.bytes");
        if (expectedBytes != null) {
            Require.nonNegative(expectedBytes, "TransferProgress.expectedBytes");
        }
        Require.nonNegative(elapsedMillis, "TransferProgress.elapsedMillis");
    }
}
