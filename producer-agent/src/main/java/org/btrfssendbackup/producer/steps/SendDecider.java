package org.btrfssendbackup.producer.steps;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;
import org.btrfssendbackup.core.chain.FullOrIncremental;
import org.btrfssendbackup.core.config.BackupMode;
import org.btrfssendbackup.core.chain.SendDecision;
import org.btrfssendbackup.core.chain.SendHistory;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.producer.state.LastFullLookup;
import org.btrfssendbackup.producer.state.SendState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires {@link FullOrIncremental} to what is on disk: STATE_FILE (the parent), whether that
 * snapshot still exists in SNAPSHOT_DIR, and the last full's time (STATE_FILE.last-full, or
 * else the receiver's manifests).
 *
 * <p>BACKUP_MODE=remote-btrfs: this decides only whether a full is required (requested, no
 * state, last full unknown or FULL_INTERVAL_DAYS old); an incremental's parent is chosen at
 * send time, with the LUKS volume open, from what both sides hold
 * ({@link ReceiveParentChooser}), so STATE_FILE's snapshot is only the expected parent here.
 * The last full's time comes from STATE_FILE.last-full only: received snapshots carry no kind.
 */
public final class SendDecider {

    private static final Logger LOG = LoggerFactory.getLogger(SendDecider.class);

    private final ProducerRuntime runtime;

    public SendDecider(ProducerRuntime runtime) {
        this.runtime = runtime;
    }

    public SendPlan decide(SnapshotName newSnapshot, boolean forceFull) throws IOException {
        if (forceFull) {
            return SendPlan.full("full: requested (--force-full)");
        }
        SendState state = runtime.sendState();
        Optional<SnapshotName> lastSent = state.lastSent();
        Optional<SendHistory> history = Optional.empty();
        boolean parentExists = false;
        boolean remoteBtrfs = runtime.config().mode() == BackupMode.REMOTE_BTRFS;
        if (lastSent.isPresent()) {
            parentExists = remoteBtrfs || Files.isDirectory(runtime.snapshotPath(lastSent.get()));
            Instant lastFull = lastFullOf(state, lastSent.get()).map(SnapshotName::time).orElse(null);
            history = Optional.of(new SendHistory(lastSent.get().value(), lastFull));
        }
        SendDecision decision = FullOrIncremental.decide(history, parentExists, newSnapshot.time(),
                runtime.config().fullIntervalDays());
        LOG.info("{}: {}", newSnapshot, decision.explanation());
        return new SendPlan(decision.kind(), Optional.ofNullable(decision.parent()).map(SnapshotName::parse),
                decision.explanation());
    }

    private Optional<SnapshotName> lastFullOf(SendState state, SnapshotName lastSent) {
        try {
            Optional<SnapshotName> recorded = state.lastFull();
            if (recorded.isPresent() || runtime.config().mode() == BackupMode.REMOTE_BTRFS) {
                return recorded;
            }
            return LastFullLookup.lastFullOf(lastSent, runtime.tools().uploader().list(runtime.backupSet()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot tell when the last full was sent ({}); sending a full", e.getMessage());
            return Optional.empty();
        }
    }
}
