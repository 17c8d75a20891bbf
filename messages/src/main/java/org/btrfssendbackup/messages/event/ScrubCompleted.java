package org.btrfssendbackup.messages.event;

/**
 * One scrub pass over BACKUP_ROOT ended: stored streams re-hashed against their manifests,
 * within the pass's byte budget. Host-wide (it covers every set).
 *
 * @param streamsChecked streams read and compared in this pass
 * @param bytesRead      bytes read (bounded by SCRUB_MAX_BYTES, except that one stream is always checked)
 * @param corrupt        streams this pass found damaged (each also has a StreamCorrupt event)
 * @param dueRemaining   streams still due (not checked within SCRUB_PASS_DAYS) after this pass;
 *                       above zero for several passes in a row means the budget is too small
 * @param durationMillis how long the pass took
 */
public record ScrubCompleted(int streamsChecked, long bytesRead, int corrupt, int dueRemaining, long durationMillis)
        implements EventPayload {
    public ScrubCompleted {
        Require.nonNegative(streamsChecked, "ScrubCompleted.streamsChecked");
        Require.nonNegative(bytesRead, "ScrubCompleted.bytesRead");
        Require.nonNegative(corrupt, "ScrubCompleted.corrupt");
        Require.nonNegative(dueRemaining, "ScrubCompleted.dueRemaining");
        Require.nonNegative(durationMillis, "ScrubCompleted.durationMillis");
        if (corrupt > streamsChecked) {
            throw new InvalidFieldException("ScrubCompleted.corrupt", "cannot exceed streamsChecked");
        }
    }
}
