package org.btrfssendbackup.messages.event;

/**
 * The body of an event. Sealed so that {@link EventTypes} knows every type at compile time
 * and an unknown type name on the wire is detectable rather than silently mapped.
 *
 * <p>Rule for every implementation: it carries facts an operator needs in an audit trail
 * (names, sizes, checksums, durations, reasons) and never a passphrase, a key or file contents.
 */
public sealed interface EventPayload permits
        BackupRequested, ServicesQuiesced, ServicesResumed, SnapshotCreated, StreamSent, StreamReceived,
        LuksOpened, LuksClosed, PruneRequested, StreamPruned, SnapshotPruned, PruneCompleted,
        BackupCompleted, StepFailed, CommandRefused, StreamCorrupt, ScrubCompleted, ServiceRestartFailed, RunAborted,
        TransferProgress {

    /**
     * Whether an envelope carrying this payload must name a backup set. Host-wide events
     * (the LUKS volume, refused commands, failures of such events) return false.
     */
    default boolean requiresBackupSet() {
        return true;
    }
}
