package org.btrfssendbackup.producer.steps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.btrfssendbackup.broker.EventVocabulary;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.messages.jms.PermanentStepException;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.btrfssendbackup.messages.event.SnapshotCreated;
import org.btrfssendbackup.producer.quiesce.ServiceQuiescer;
import org.btrfssendbackup.producer.state.PendingRun;
import org.btrfssendbackup.producer.state.RunLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BackupRequested → SnapshotCreated: stop SERVICES_TO_QUIESCE, take the read-only snapshot
 * SNAPSHOT_DIR/SNAPSHOT_PREFIX-YYYYmmddTHHMMSSZ (UTC) of SOURCE_TOP/SOURCE_SUBVOL, start the
 * services again, and decide full or incremental. The services' window is
 * {@link ServiceQuiescer}'s; a snapshot that fails for lack of space is permanent
 * ({@link SnapshotFailures}).
 *
 * <p>Idempotent: the snapshot's name is written to STATE_FILE.pending with the run id before
 * it is taken, so a redelivered request of the same run finds it and reuses it (no second
 * snapshot, no second outage).
 */
public final class SnapshotStep {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStep.class);

    private final ProducerRuntime runtime;
    private final ServiceQuiescer quiescer;
    private final SendDecider decider;

    public SnapshotStep(ProducerRuntime runtime) {
        this.runtime = runtime;
        this.quiescer = new ServiceQuiescer(runtime.tools().systemctl(), runtime.tools().clock(),
                runtime.config().quiesceMax());
        this.decider = new SendDecider(runtime);
    }

    public List<EventEnvelope> handle(EventEnvelope trigger, BackupRequested request) throws Exception {
        try (RunLock.Held held = StepLocks.hold(runtime.lock())) {
            PendingRun pending = runtime.pendingRun();
            Optional<SnapshotName> reusable = pending.read()
                    .filter(p -> p.runId().equals(trigger.runId()))
                    .map(PendingRun.Entry::snapshot)
                    .filter(name -> Files.isDirectory(runtime.snapshotPath(name)));
            long started = System.nanoTime();
            SnapshotName name;
            if (reusable.isPresent()) {
                name = reusable.get();
                LOG.info("run {}: snapshot {} was already taken; reusing it", trigger.runId(), name);
            } else {
                name = takeSnapshot(trigger, pending);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            SendPlan plan = decider.decide(name, request.forceFull());
            Path path = runtime.snapshotPath(name);
            String uuid = runtime.tools().btrfs().show(path).uuid().toString();
            SnapshotCreated created = new SnapshotCreated(name.value(), runtime.config().sourceSubvolume().toString(),
                    path.toString(), EventVocabulary.snapshotKind(plan.kind()),
                    plan.parent().map(SnapshotName::value).orElse(null), uuid, millis);
            return List.of(trigger.followUp(created, runtime.tools().host()));
        }
    }

    private SnapshotName takeSnapshot(EventEnvelope trigger, PendingRun pending) throws Exception {
        Instant now = runtime.tools().clock().instant().truncatedTo(ChronoUnit.SECONDS);
        SnapshotName name = SnapshotName.of(runtime.config().snapshotPrefix(), now);
        Path destination = runtime.snapshotPath(name);
        Path source = runtime.config().sourceSubvolume();
        Optional<PermanentStepException> missing = SnapshotFailures.missingSource(source, Files::isDirectory,
                runtime.config().origins().getOrDefault("SOURCE_SUBVOL", "default"));
        if (missing.isPresent()) {
            throw missing.get();
        }
        Files.createDirectories(runtime.config().snapshotDir());
        pending.write(new PendingRun.Entry(trigger.runId(), name, trigger.occurredAt()));
        quiescer.whileStopped(trigger.runId(), runtime.config().servicesToQuiesce(),
                runtime.config().origins().getOrDefault("SERVICES_TO_QUIESCE", "default"),
                () -> snapshot(source, destination), fact -> runtime.emitNow(trigger, fact));
        LOG.info("run {}: created read-only snapshot {}", trigger.runId(), destination);
        return name;
    }

    private void snapshot(Path source, Path destination) {
        try {
            runtime.tools().btrfs().createReadOnlySnapshot(source, destination);
        } catch (ProcessFailedException e) {
            throw SnapshotFailures.classify(e, source);
        }
    }
}
