package org.btrfssendbackup.receiver.events;

import org.btrfssendbackup.core.protocol.ReceiveReply;
import org.btrfssendbackup.core.protocol.PutStreamReply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.btrfssendbackup.broker.EventVocabulary;
import org.btrfssendbackup.core.config.LuksSettings;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.messages.event.BackupMode;
import org.btrfssendbackup.messages.event.CommandRefused;
import org.btrfssendbackup.messages.event.LuksClosed;
import org.btrfssendbackup.messages.event.LuksOpened;
import org.btrfssendbackup.messages.event.PruneCompleted;
import org.btrfssendbackup.messages.event.PruneTarget;
import org.btrfssendbackup.messages.event.SnapshotPruned;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.messages.event.StreamReceived;
import org.btrfssendbackup.receiver.btrfs.PruneReceivedResult;
import org.btrfssendbackup.receiver.putstream.PutStreamResult;
import org.btrfssendbackup.receiver.btrfs.ReceiveResult;

/** What the receiver tells the event backbone, built from what it stored or refused; nothing read from stdin. */
final class ReceiverEventPayloads {

    private ReceiverEventPayloads() {
    }

    /**
     * Bytes and sha256 come from the result, not the manifest: a manifest the seed wrote has
     * neither, and the result's are the ones just checked against the stored file.
     */
    static StreamReceived streamReceived(PutStreamResult result, Duration elapsed, Optional<String> remoteAddress) {
        Manifest m = result.manifest();
        return new StreamReceived(m.snapshot().value(), EventVocabulary.snapshotKind(m.kind()),
                m.parent().map(SnapshotName::value).orElse(null),
                BackupMode.ENCRYPTED_STREAM, m.set().value() + "/" + m.streamFile().value(), result.bytes(),
                result.sha256(), Math.max(0, elapsed.toMillis()),
                result.status() == PutStreamReply.Status.ALREADY_STORED, remoteAddress.orElse(null));
    }

    /**
     * remote-btrfs: nothing is stored as a file; sha256 is that of the stream read from stdin
     * (what the producer checked), the kind follows from whether a parent was named.
     */
    static StreamReceived snapshotReceived(ReceiveResult result, Duration elapsed, Optional<String> remoteAddress) {
        return new StreamReceived(result.snapshot().value(), result.parent().isPresent() ? SnapshotKind.INCR : SnapshotKind.FULL,
                result.parent().map(SnapshotName::value).orElse(null), BackupMode.REMOTE_BTRFS, null, result.bytes(),
                result.sha256(), Math.max(0, elapsed.toMillis()),
                result.status() == ReceiveReply.Status.ALREADY_RECEIVED, remoteAddress.orElse(null));
    }

    static LuksOpened luksOpened(LuksSettings luks, boolean alreadyOpen) {
        return new LuksOpened(luks.device().toString(), luks.mappingName(), luks.mountPoint().toString(), alreadyOpen);
    }

    static LuksClosed luksClosed(LuksSettings luks, boolean wasOpen) {
        return new LuksClosed(luks.device().toString(), luks.mappingName(), luks.mountPoint().toString(), wasOpen);
    }

    static SnapshotPruned receivedSnapshotPruned(SnapshotName snapshot, Path path) {
        return new SnapshotPruned(snapshot.value(), PruneTarget.RECEIVED_SNAPSHOTS, path.toString(), false);
    }

    /** Snapshots share extents, so what a deletion frees is unknown: bytesFreed is 0. */
    static PruneCompleted pruneReceivedCompleted(PruneReceivedResult result, Duration elapsed) {
        return PruneCompleted.of(PruneTarget.RECEIVED_SNAPSHOTS, result.deleted().size(), 0, result.keptReasons(), false,
                Math.max(0, elapsed.toMillis()));
    }

    static CommandRefused commandRefused(String commandWord, String reason, Optional<String> remoteAddress) {
        return new CommandRefused(commandWord, reason, remoteAddress.orElse(null));
    }
}
