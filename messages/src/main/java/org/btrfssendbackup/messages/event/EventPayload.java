package org.btrfssendbackup.messages.event;

import java.util.Set;

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
     * The host-wide types, whose envelope may name no set: the LUKS volume (one per host), refused
     * commands (their set is untrusted input), step failures (the failed event may have had no set),
     * a scrub pass (it covers every set) and a backup request for every set of its host. Listed
     * here once, beside the {@code permits} clause, rather than as an override in each record.
     */
    Set<Class<? extends EventPayload>> HOST_WIDE = Set.of(LuksOpened.class, LuksClosed.class, CommandRefused.class,
            StepFailed.class, ScrubCompleted.class, BackupRequested.class);

    /** Whether an envelope carrying this payload must name a backup set: every type but {@link #HOST_WIDE}. */
    default boolean requiresBackupSet() {
        return !HOST_WIDE.contains(getClass());
    }
}
