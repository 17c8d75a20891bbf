package org.btrfssendbackup.pruner;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.retention.RetentionPolicy;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.PruneRequested;
import org.btrfssendbackup.messages.jms.Step;
import org.btrfssendbackup.messages.jms.StepContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PruneRequested → prune the envelope's set with backup-srv's own policy (design.md §6). The
 * message only triggers: it names the set and may ask for a dry run (which can only delete
 * less); nothing in it chooses what is kept. Idempotent: a redelivered request plans again
 * and finds nothing more to delete.
 *
 * <p>A set with no directory under BACKUP_ROOT fails the delivery (not retried in place); the
 * broker redelivers and then dead-letters it, with a StepFailed event naming the set.
 *
 * <p>Each real (not dry-run) prune is also handed to {@code pruned}: the service's per-set
 * metrics follow the store after a requested prune as after its scheduled one. A dry run deletes
 * nothing, so the facts from the last real prune stay.
 */
public final class PruneRequestedStep implements Step {

    public static final String NAME = "pruner-agent/prune";

    private static final Logger LOG = LoggerFactory.getLogger(PruneRequestedStep.class);

    private final Pruner pruner;
    private final RetentionPolicy policy;

    private final Consumer<PruneResult> pruned;

    /** @param pruned told of each prune that deleted for real, after it */
    public PruneRequestedStep(Pruner pruner, RetentionPolicy policy, Consumer<PruneResult> pruned) {
        this.pruner = Objects.requireNonNull(pruner, "pruner");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.pruned = Objects.requireNonNull(pruned, "pruned");
    }

    @Override
    public List<EventEnvelope> handle(EventEnvelope trigger, StepContext context) throws Exception {
        if (!(trigger.payload() instanceof PruneRequested request)) {
            throw new IllegalArgumentException(NAME + ": expected PruneRequested, got " + trigger.type());
        }
        BackupSetName set = BackupSetName.of(trigger.backupSet());
        LOG.info("prune {} requested by {} ({}{}), applying this host's policy {}", set, request.requestedBy(),
                request.reason(), request.dryRun() ? ", dry run" : "", policy);
        PruneResult result = pruner.prune(set, policy, request.dryRun());
        PruneLog.summary(result);
        if (!request.dryRun()) {
            pruned.accept(result);
        }
        return PruneEvents.of(result, context.host(), trigger);
    }
}
