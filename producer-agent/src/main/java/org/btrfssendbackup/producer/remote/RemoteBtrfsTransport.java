package org.btrfssendbackup.producer.remote;

import java.io.IOException;
import java.util.List;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.protocol.PruneReceivedReply;

/**
 * The producer's side of the remote-btrfs commands (design.md section 4, REMOTE-BTRFS-PROTOCOL):
 * production uses {@link SshRemoteBtrfs}; tests use an in-process stand-in that runs a real
 * {@code btrfs receive}. Every call is one command; failures throw (a refusal of the receiver,
 * exit 2, included), and the caller runs {@link #closeLuks()} whatever failed before it.
 */
public interface RemoteBtrfsTransport {

    /**
     * {@code open-luks}, the key as its whole stdin. Takes ownership of {@code key}: the array is
     * zeroed once written (or when the write failed), so the caller must not reuse it.
     *
     * @return the receiver's status: "opened" or "already-open"
     */
    String openLuks(byte[] key) throws IOException;

    /** The received-snapshot lines of {@code list SET}, sorted by snapshot time (empty when none or not mounted). */
    List<ReceivedSnapshot> listReceived(BackupSetName set) throws IOException;

    /**
     * {@code receive SET SNAPSHOT [PARENT]} with the writer's output (the plain send stream) as
     * stdin. A failure of the writer or the transport throws; the receiver then deletes the
     * half-received subvolume.
     */
    ReceiveOutcome receive(ReceiveRequest request, PlainStreamWriter writer) throws IOException;

    /** {@code prune-received SET}: backup-srv's own retention on the received snapshots. */
    PruneReceivedReply pruneReceived(BackupSetName set) throws IOException;

    /**
     * {@code close-luks}: unmount and close; idempotent.
     *
     * @return the receiver's status: "closed" or "already-closed"
     */
    String closeLuks() throws IOException;
}
