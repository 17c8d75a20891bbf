package org.btrfssendbackup.receiver.btrfs;

import org.btrfssendbackup.core.protocol.ReceiveReply;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.btrfssendbackup.core.config.ReceiverConfig;
import org.btrfssendbackup.core.layout.SetLock;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.core.process.RunningProcess;
import org.btrfssendbackup.core.protocol.CommandRefusedException;
import org.btrfssendbackup.core.protocol.ReceiverCommand;
import org.btrfssendbackup.core.time.Durations;
import org.btrfssendbackup.core.tools.SubvolumeInfo;
import org.btrfssendbackup.receiver.store.ReceiveFailedException;
import org.btrfssendbackup.receiver.store.StreamDigest;

/**
 * receive: stdin (a plain btrfs send stream) into {@code btrfs receive -e RECEIVED_ROOT/SET},
 * counting and hashing the bytes on the way. The same name and time rules as put-stream:
 * never overwrite, never go back in time, never far ahead of this clock. A receive that does
 * not end with a read-only subvolume carrying a received UUID is undone: the subvolume it
 * created is deleted, so nothing half-received ever looks like a backup.
 */
public record ReceiveHandler(ReceivedVolume volume, Clock clock, Duration maxFutureSkew) {

    /** Hidden, so listings and prune-received never take it for a snapshot. */
    static final String LOCK_FILE = ".receive.lock";
    private static final int BUFFER = 1 << 20;

    public ReceiveResult receive(ReceiverCommand.Receive cmd, InputStream in) throws IOException {
        String what = "receive " + cmd.set() + "/" + cmd.snapshot();
        Path setDir = volume.setDirectory("receive", cmd.set().value());
        try (SetLock lock = lockReceivedSet(setDir, what + ": another receive or prune-received of this set is in progress")) {
            ReceivedSnapshots.Entry existing = volume.catalog().inspect(setDir, cmd.snapshot());
            if (existing instanceof ReceivedSnapshots.Entry.Complete complete) {
                StreamDigest digest = drain(in, what);
                return new ReceiveResult(ReceiveReply.Status.ALREADY_RECEIVED, cmd.set(), cmd.snapshot(), cmd.parent(),
                        digest.bytes(), digest.hex(), complete.snapshot().receivedUuid());
            }
            if (existing instanceof ReceivedSnapshots.Entry.Foreign foreign) {
                throw new CommandRefusedException(what + ": " + foreign.path() + " exists and is " + foreign.what()
                        + "; not touching it");
            }
            checkTimeAndParent(cmd, setDir, what);
            if (existing instanceof ReceivedSnapshots.Entry.HalfReceived half) {
                // an earlier receive of this snapshot was killed before it could clean up
                volume.btrfs().deleteSubvolume(half.path());
            }
            return receiveNew(cmd, in, setDir, what);
        }
    }

    private void checkTimeAndParent(ReceiverCommand.Receive cmd, Path setDir, String what) throws IOException {
        Instant now = clock.instant();
        if (cmd.snapshot().time().isAfter(now.plus(maxFutureSkew))) {
            throw new CommandRefusedException(what + ": snapshot time is more than " + Durations.format(maxFutureSkew)
                    + " (" + ReceiverConfig.MAX_FUTURE_SKEW + ") ahead of backup-srv's clock (" + now + ")");
        }
        Optional<SnapshotName> newest = volume.catalog().scan(setDir).newest();
        if (newest.isPresent() && !cmd.snapshot().time().isAfter(newest.get().time())) {
            throw new CommandRefusedException(what + ": not newer than the newest received snapshot " + newest.get());
        }
        if (cmd.parent().isPresent()
                && !(volume.catalog().inspect(setDir, cmd.parent().get()) instanceof ReceivedSnapshots.Entry.Complete)) {
            throw new CommandRefusedException(what + ": parent " + cmd.parent().get()
                    + " is not a received snapshot of this set");
        }
    }

    private ReceiveResult receiveNew(ReceiverCommand.Receive cmd, InputStream in, Path setDir, String what)
            throws IOException {
        TreeSet<String> before = ReceivedSnapshots.names(setDir);
        StreamDigest digest = new StreamDigest();
        try {
            applyStream(in, setDir, digest, what);
            Path received = onlyNewEntry(setDir, before, cmd, what);
            SubvolumeInfo info = volume.btrfs().show(received);
            if (!info.readOnly() || info.receivedUuid().isEmpty()) {
                throw new ReceiveFailedException(what + ": btrfs receive ended without a read-only subvolume with a"
                        + " received UUID (read-only: " + info.readOnly() + ")");
            }
            // the reply is a confirmation the producer's state moves on: make it durable first
            volume.btrfs().sync(setDir);
            return new ReceiveResult(ReceiveReply.Status.RECEIVED, cmd.set(), cmd.snapshot(), cmd.parent(),
                    digest.bytes(), digest.hex(), info.receivedUuid().get());
        } catch (RuntimeException | IOException e) {
            undo(setDir, before, e);
            throw e;
        }
    }

    private void applyStream(InputStream in, Path setDir, StreamDigest digest, String what) {
        boolean stoppedReading = false;
        try (RunningProcess receive = volume.btrfs().receive(setDir)) {
            OutputStream toBtrfs = receive.stdin();
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = read(in, buffer, digest, what)) >= 0) {
                digest.update(buffer, 0, n);
                try {
                    toBtrfs.write(buffer, 0, n);
                } catch (IOException e) {
                    // btrfs receive exited: its status below says why
                    stoppedReading = true;
                    break;
                }
            }
            try {
                receive.await();
            } catch (ProcessFailedException e) {
                throw new ReceiveFailedException(what + ": " + e.getMessage() + " (after " + digest.bytes()
                        + " bytes from stdin; a cut or corrupt stream)", e);
            }
        }
        if (stoppedReading) {
            throw new ReceiveFailedException(what + ": btrfs receive finished before the end of stdin (after "
                    + digest.bytes() + " bytes): more than one send stream was sent");
        }
    }

    private static int read(InputStream in, byte[] buffer, StreamDigest digest, String what) {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw new ReceiveFailedException(what + ": reading the stream failed after " + digest.bytes() + " bytes: "
                    + e.getMessage(), e);
        }
    }

    /** The stream names its subvolume itself; it must be the snapshot the command named. */
    private static Path onlyNewEntry(Path setDir, Set<String> before, ReceiverCommand.Receive cmd, String what)
            throws IOException {
        TreeSet<String> created = ReceivedSnapshots.names(setDir);
        created.removeAll(before);
        if (!created.equals(Set.of(cmd.snapshot().value()))) {
            throw new CommandRefusedException(what + ": the stream created " + created + ", not "
                    + cmd.snapshot() + "; the stream must be the snapshot the command names");
        }
        return setDir.resolve(cmd.snapshot().value());
    }

    /** Deletes every subvolume this receive created; the set was locked, so nothing else did. */
    private void undo(Path setDir, Set<String> before, Exception failure) {
        try {
            TreeSet<String> created = ReceivedSnapshots.names(setDir);
            created.removeAll(before);
            for (String name : created) {
                Path path = setDir.resolve(name);
                if (ReceivedSnapshots.isSubvolumeRoot(path)) {
                    volume.btrfs().deleteSubvolume(path);
                }
            }
        } catch (IOException | RuntimeException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    private static StreamDigest drain(InputStream in, String what) {
        StreamDigest digest = new StreamDigest();
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = read(in, buffer, digest, what)) >= 0) {
            digest.update(buffer, 0, n);
        }
        return digest;
    }

    /** The exclusive lock of one set's directory under RECEIVED_ROOT (receive and prune-received). */
    static SetLock lockReceivedSet(Path setDir, String busyMessage) throws IOException {
        return SetLock.tryAcquire(setDir.resolve(LOCK_FILE))
                .orElseThrow(() -> new ReceiveFailedException(busyMessage + "; try again later"));
    }
}
