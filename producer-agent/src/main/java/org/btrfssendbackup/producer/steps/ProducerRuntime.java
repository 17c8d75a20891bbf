package org.btrfssendbackup.producer.steps;

import java.nio.file.Path;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.EventPayload;
import org.btrfssendbackup.producer.state.PendingRun;
import org.btrfssendbackup.producer.state.RunLock;
import org.btrfssendbackup.producer.state.SendState;

/** What every step of one producer shares: configuration, tools, on-disk state, the lock, the fact sink. */
public record ProducerRuntime(ProducerConfig config, ProducerTools tools, RunLock lock, EventSink sink) {

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
