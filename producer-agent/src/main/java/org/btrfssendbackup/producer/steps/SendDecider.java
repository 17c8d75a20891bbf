package org.btrfssendbackup.producer.steps;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;
import org.btrfssendbackup.core.chain.FullOrIncremental;
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
        if (lastSent.isPresent()) {
            parentExists = Files.isDirectory(runtime.snapshotPath(lastSent.get()));
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
            if (recorded.isPresent()) {
                return recorded;
            }
            return LastFullLookup.lastFullOf(lastSent, runtime.tools().uploader().list(runtime.backupSet()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot tell when the last full was sent ({}); sending a full", e.getMessage());
            return Optional.empty();
        }
    }
}
