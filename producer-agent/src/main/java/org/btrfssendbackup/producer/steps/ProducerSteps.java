package org.btrfssendbackup.producer.steps;

import java.io.IOException;
import java.util.List;
import org.btrfssendbackup.core.config.BackupMode;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.btrfssendbackup.messages.event.SnapshotCreated;
import org.btrfssendbackup.messages.event.StreamSent;
import org.btrfssendbackup.messages.jms.Step;
import org.btrfssendbackup.messages.jms.StepContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer-agent queue's one consumer: routes each trigger to its step and tells the
 * observer what happened (the one-shot run waits on it).
 */
public final class ProducerSteps implements Step {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerSteps.class);

    private final ProducerRuntime runtime;
    private final SnapshotStep snapshot;
    private final SendStep send;
    private final RemoteBtrfsSendStep remoteBtrfsSend;
    private final CompleteStep complete;
    private final RunObserver observer;

    public ProducerSteps(ProducerRuntime runtime, RunObserver observer) {
        this.runtime = runtime;
        this.snapshot = new SnapshotStep(runtime);
        this.send = new SendStep(runtime);
        this.remoteBtrfsSend = new RemoteBtrfsSendStep(runtime);
        this.complete = new CompleteStep(runtime);
        this.observer = observer;
    }

    @Override
    public List<EventEnvelope> handle(EventEnvelope trigger, StepContext context) throws Exception {
        if (!runtime.config().backupSet().equals(trigger.backupSet())) {
            // Another producer's set on a shared broker: not ours to act on.
            LOG.warn("ignoring {} {} for set {} (this producer backs up {})", trigger.type(), trigger.eventId(),
                    trigger.backupSet(), runtime.config().backupSet());
            return List.of();
        }
        try {
            List<EventEnvelope> followUps = dispatch(trigger);
            followUps.forEach(observer::onEvent);
            return followUps;
        } catch (Exception | Error e) {
            observer.onStepFailed(trigger, context.deliveryAttempt(), e);
            throw e;
        }
    }

    private List<EventEnvelope> dispatch(EventEnvelope trigger) throws Exception {
        if (trigger.payload() instanceof BackupRequested request) {
            List<EventEnvelope> followUps = snapshot.handle(trigger, request);
            for (EventEnvelope followUp : followUps) {
                if (followUp.payload() instanceof SnapshotCreated created) {
                    protectParent(created);
                }
            }
            return followUps;
        }
        if (trigger.payload() instanceof SnapshotCreated created) {
            protectParent(created);
            return runtime.config().mode() == BackupMode.REMOTE_BTRFS
                    ? remoteBtrfsSend.handle(trigger, created) : send.handle(trigger, created);
        }
        if (trigger.payload() instanceof StreamSent sent) {
            return complete.handle(trigger, sent);
        }
        LOG.warn("producer-agent has no step for {} {}; ignoring it", trigger.type(), trigger.eventId());
        return List.of();
    }

    /**
     * The planned parent goes into STATE_FILE.pending as soon as it is known (and again when a
     * redelivered SnapshotCreated arrives), so a leftover run completing meanwhile cannot prune
     * it locally and turn this run's incremental into a full.
     */
    private void protectParent(SnapshotCreated created) throws IOException {
        if (created.parent() != null) {
            runtime.pendingRun().recordParent(SnapshotName.parse(created.snapshot()), created.parent());
        }
    }
}
