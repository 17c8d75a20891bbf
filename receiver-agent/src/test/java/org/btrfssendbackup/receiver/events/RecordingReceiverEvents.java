package org.btrfssendbackup.receiver.events;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.btrfssendbackup.core.config.LuksSettings;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.receiver.btrfs.PruneReceivedResult;
import org.btrfssendbackup.receiver.putstream.PutStreamResult;
import org.btrfssendbackup.receiver.btrfs.ReceiveResult;

/** Records what the receiver would publish, for assertions. */
public final class RecordingReceiverEvents implements ReceiverEvents {

    public final List<String> received = new ArrayList<>();
    public final List<String> refused = new ArrayList<>();
    /** remote-btrfs events, one line each: "LuksOpened NAME alreadyOpen=false" ... */
    public final List<String> remoteBtrfs = new ArrayList<>();

    @Override
    public void streamReceived(PutStreamResult result, Duration elapsed) {
        received.add(result.manifest().streamFile() + " " + result.status().token());
    }

    @Override
    public void snapshotReceived(ReceiveResult result, Duration elapsed) {
        remoteBtrfs.add("StreamReceived " + result.snapshot() + " " + result.status().token() + " " + result.bytes());
    }

    @Override
    public void luksOpened(LuksSettings luks, boolean alreadyOpen) {
        remoteBtrfs.add("LuksOpened " + luks.mappingName() + " alreadyOpen=" + alreadyOpen);
    }

    @Override
    public void luksClosed(LuksSettings luks, boolean wasOpen) {
        remoteBtrfs.add("LuksClosed " + luks.mappingName() + " wasOpen=" + wasOpen);
    }

    @Override
    public void receivedSnapshotPruned(BackupSetName set, SnapshotName snapshot, Path path) {
        remoteBtrfs.add("SnapshotPruned " + snapshot);
    }

    @Override
    public void pruneReceivedCompleted(PruneReceivedResult result, Duration elapsed) {
        remoteBtrfs.add("PruneCompleted kept=" + result.keptReasons().keySet() + " deleted=" + result.deleted());
    }

    @Override
    public void commandRefused(String commandWord, String reason) {
        refused.add(commandWord + " -> " + reason);
    }
}
