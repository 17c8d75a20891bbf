package org.btrfssendbackup.receiver.events;

import java.nio.file.Path;
import java.time.Duration;
import org.btrfssendbackup.core.config.LuksSettings;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.receiver.btrfs.PruneReceivedResult;
import org.btrfssendbackup.receiver.putstream.PutStreamResult;
import org.btrfssendbackup.receiver.btrfs.ReceiveResult;

/**
 * Port to the event backbone: {@link BrokerReceiverEvents} when a broker is configured,
 * {@link NoReceiverEvents} otherwise. Implementations must not throw into the receiver and
 * must never block storing: a stream is stored and confirmed whether or not the broker is
 * reachable. No event ever carries a LUKS key or stream content.
 */
public interface ReceiverEvents {

    /**
     * A put-stream stored a new stream, or recognised an identical re-send.
     *
     * @param result  the stored stream's manifest, its size and sha256 as checked now, and
     *                whether it was already stored
     * @param elapsed wall time of the command, upload included
     */
    void streamReceived(PutStreamResult result, Duration elapsed);

    /** A receive (remote-btrfs) received a snapshot, or found it already received. */
    void snapshotReceived(ReceiveResult result, Duration elapsed);

    /** open-luks: the volume is open and mounted (or already was). */
    void luksOpened(LuksSettings luks, boolean alreadyOpen);

    /** close-luks: the volume is unmounted and closed ({@code wasOpen} false: nothing to do). */
    void luksClosed(LuksSettings luks, boolean wasOpen);

    /** prune-received deleted one received snapshot. */
    void receivedSnapshotPruned(BackupSetName set, SnapshotName snapshot, Path path);

    /** prune-received finished a set. */
    void pruneReceivedCompleted(PruneReceivedResult result, Duration elapsed);

    /**
     * @param commandWord the first word of the refused command, sanitised (untrusted text;
     *                    the rest of the line and stdin are never passed on)
     * @param reason      why it was refused, one line
     */
    void commandRefused(String commandWord, String reason);
}
