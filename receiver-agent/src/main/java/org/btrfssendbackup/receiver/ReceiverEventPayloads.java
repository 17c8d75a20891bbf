package org.btrfssendbackup.receiver;

import java.time.Duration;
import java.util.Optional;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.messages.event.BackupMode;
import org.btrfssendbackup.messages.event.CommandRefused;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.messages.event.StreamReceived;

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
        return new StreamReceived(m.snapshot().value(), kind(m.kind()), m.parent().map(SnapshotName::value).orElse(null),
                BackupMode.ENCRYPTED_STREAM, m.set().value() + "/" + m.streamFile().value(), result.bytes(),
                result.sha256(), Math.max(0, elapsed.toMillis()),
                result.status() == PutStreamResult.Status.ALREADY_STORED, remoteAddress.orElse(null));
    }

    static CommandRefused commandRefused(String commandWord, String reason, Optional<String> remoteAddress) {
        return new CommandRefused(commandWord, reason, remoteAddress.orElse(null));
    }

    private static SnapshotKind kind(StreamKind kind) {
        return switch (kind) {
            case FULL -> SnapshotKind.FULL;
            case INCR -> SnapshotKind.INCR;
        };
    }
}
