package org.btrfssendbackup.producer.steps;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.protocol.VersionReply;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.EventPayload;
import org.btrfssendbackup.producer.state.PendingRun;
import org.btrfssendbackup.producer.state.RunLock;
import org.btrfssendbackup.producer.state.SendState;
import org.btrfssendbackup.producer.upload.ReceiverHandshake;

/**
 * What every step of one producer shares: configuration, tools, on-disk state, the lock, the fact
 * sink, and the receiver handshake (asked once per run, whichever step asks first).
 */
public record ProducerRuntime(ProducerConfig config, ProducerTools tools, RunLock lock, EventSink sink,
                              ReceiverHandshake handshake) {

    public ProducerRuntime(ProducerConfig config, ProducerTools tools, RunLock lock, EventSink sink) {
        this(config, tools, lock, sink, new ReceiverHandshake());
    }

    /**
     * The receiver's version reply for this run, once it is known to serve {@code commands}.
     *
     * @throws org.btrfssendbackup.messages.jms.PermanentStepException when backup-srv must be upgraded first
     */
    public VersionReply requireReceiver(EventEnvelope trigger, List<String> commands) throws IOException {
        return handshake.require(trigger.runId(), tools.uploader(), ReceiverHandshake.host(config.sshTarget()), commands);
    }

    public SendState sendState() {
        return new SendState(config.stateFile());
    }

    public PendingRun pendingRun() {
        return new PendingRun(config.stateFile());
    }

    public BackupSetName backupSet() {
        return BackupSetName.of(config.backupSet());
    }

    public Path snapshotPath(SnapshotName name) {
        return config.snapshotDir().resolve(name.value());
    }

    /** Emits a fact caused by {@code trigger} at once (see {@link EventSink}). */
    public void emitNow(EventEnvelope trigger, EventPayload fact) {
        sink.emit(trigger.followUp(fact, tools.host()));
    }
}
