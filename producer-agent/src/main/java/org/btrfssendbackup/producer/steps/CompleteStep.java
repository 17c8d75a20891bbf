package org.btrfssendbackup.producer.steps;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.btrfssendbackup.broker.EventVocabulary;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.BackupMode;
import org.btrfssendbackup.messages.event.PruneRequested;
import org.btrfssendbackup.messages.event.StreamSent;
import org.btrfssendbackup.producer.retention.LocalRetention;
import org.btrfssendbackup.producer.retention.ProtectedSnapshots;
import org.btrfssendbackup.producer.state.PendingRun;
import org.btrfssendbackup.producer.state.RunLock;
import org.btrfssendbackup.producer.state.SendState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * StreamSent → SnapshotPruned*, PruneRequested (encrypted-stream only), BackupCompleted: only now does STATE_FILE move
 * (atomically), then LOCAL_KEEP_* is applied to SNAPSHOT_DIR. Idempotent: confirming the same
 * snapshot twice writes the same state; a confirmation older than the state never moves it back.
 */
public final class CompleteStep {

    private static final Logger LOG = LoggerFactory.getLogger(CompleteStep.class);

    private final ProducerRuntime runtime;

    public CompleteStep(ProducerRuntime runtime) {
        this.runtime = runtime;
    }

    public List<EventEnvelope> handle(EventEnvelope trigger, StreamSent sent) throws Exception {
        try (RunLock.Held held = StepLocks.hold(runtime.lock())) {
            SnapshotName name = SnapshotName.parse(sent.snapshot());
            SendState state = runtime.sendState();
            if (state.confirm(name, EventVocabulary.streamKind(sent.kind()))) {
                LOG.info("state file {} now names {}", state.stateFile(), name);
            } else {
                LOG.warn("state file {} already names a newer snapshot than {}; left as it is", state.stateFile(), name);
            }
            PendingRun pending = runtime.pendingRun();
            Optional<PendingRun.Entry> entry = pending.read();
            Instant startedAt = entry.filter(e -> e.snapshot().equals(name)).map(PendingRun.Entry::requestedAt)
                    .orElse(trigger.occurredAt().minusMillis(sent.durationMillis()));
            pending.clear(name);
            pruneLocally(trigger, name, pending);
            String host = runtime.tools().host();
            Instant now = runtime.tools().clock().instant();
            long duration = Math.max(0, Duration.between(startedAt, now).toMillis());
            List<EventEnvelope> followUps = new ArrayList<>();
            if (sent.mode() == BackupMode.ENCRYPTED_STREAM) {
                // remote-btrfs: prune-received already ran inside the LUKS window; the pruner handles stream files only.
                followUps.add(trigger.followUp(new PruneRequested("after-backup", "producer-agent@" + host, false), host));
            }
            followUps.add(trigger.followUp(new BackupCompleted(name.value(), sent.kind(), sent.parent(), sent.mode(),
                    sent.bytes(), sent.sha256(), startedAt, duration), host));
            return followUps;
        }
    }

    /**
     * A failed local prune does not fail the backup: the stream is stored and the state moved;
     * the next run prunes again. It is logged as an error so that a filling disk is noticed.
     */
    private void pruneLocally(EventEnvelope trigger, SnapshotName confirmed, PendingRun pending) {
        try {
            // The confirmed snapshot is the next parent; in remote-btrfs it is also the newest
            // snapshot both sides have (backup-srv's prune-received always keeps its latest).
            Set<String> protectedNames = ProtectedSnapshots.afterConfirming(confirmed, runtime.sendState().lastSent(),
                    pending.read());
            new LocalRetention(runtime.tools().btrfs(), runtime.config().snapshotDir(), runtime.config().snapshotPrefix(),
                    runtime.config().localKeep()).apply(protectedNames, pruned -> runtime.emitNow(trigger, pruned));
        } catch (Exception e) {
            LOG.error("local retention in {} failed: {}", runtime.config().snapshotDir(), e.getMessage());
        }
    }
}
