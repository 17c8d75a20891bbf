package org.btrfssendbackup.receiver.events;

import java.nio.file.Path;
import java.time.Duration;
import org.btrfssendbackup.core.config.LuksSettings;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.receiver.btrfs.PruneReceivedResult;
import org.btrfssendbackup.receiver.putstream.PutStreamResult;
import org.btrfssendbackup.receiver.btrfs.ReceiveResult;

/** Publishes nothing: the receiver's events when no BROKER_URL is configured. */
public final class NoReceiverEvents implements ReceiverEvents {

    @Override
    public void streamReceived(PutStreamResult result, Duration elapsed) {
        // intentionally nothing
    }

    @Override
    public void snapshotReceived(ReceiveResult result, Duration elapsed) {
        // intentionally nothing
    }

    @Override
    public void luksOpened(LuksSettings luks, boolean alreadyOpen) {
        // intentionally nothing
    }

    @Override
    public void luksClosed(LuksSettings luks, boolean wasOpen) {
        // intentionally nothing
    }

    @Override
    public void receivedSnapshotPruned(BackupSetName set, SnapshotName snapshot, Path path) {
        // intentionally nothing
    }

    @Override
    public void pruneReceivedCompleted(PruneReceivedResult result, Duration elapsed) {
        // intentionally nothing
    }

    @Override
    public void commandRefused(String commandWord, String reason) {
        // intentionally nothing
    }
}
