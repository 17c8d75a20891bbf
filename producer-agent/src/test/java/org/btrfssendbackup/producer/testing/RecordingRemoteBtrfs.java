package org.btrfssendbackup.producer.testing;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.core.process.RunningProcess;
import org.btrfssendbackup.core.protocol.PruneReceivedReply;
import org.btrfssendbackup.core.protocol.ReceiveReply;
import org.btrfssendbackup.core.stream.CountingHashingOutputStream;
import org.btrfssendbackup.core.tools.Btrfs;
import org.btrfssendbackup.core.tools.SubvolumeInfo;
import org.btrfssendbackup.producer.remote.PlainStreamWriter;
import org.btrfssendbackup.producer.remote.ReceiveOutcome;
import org.btrfssendbackup.producer.remote.ReceiveRequest;
import org.btrfssendbackup.producer.remote.ReceivedSnapshot;
import org.btrfssendbackup.producer.remote.RemoteBtrfsTransport;
import org.btrfssendbackup.producer.remote.SentStream;

/**
 * Test stand-in for backup-srv in remote-btrfs mode, in process: this machine's kernel has no
 * device-mapper, so "LUKS" is only a flag (open-luks compares the key with the expected bytes,
 * as a wrong key is refused; close-luks clears it), but {@code receive} runs a REAL
 * {@code btrfs receive -e} into RECEIVED_ROOT/SET on a loop btrfs, and {@code list} reads the
 * real received UUIDs and read-only flags. Records every command in order. It can cut a stream
 * off, lie in its reply, lose a received snapshot, and fail prune or close.
 */
public final class RecordingRemoteBtrfs implements RemoteBtrfsTransport {

    private final Btrfs btrfs;
    private final Path receivedRoot;
    private final byte[] expectedKey;
    private final List<String> calls = new ArrayList<>();
    private boolean open;
    private long cutOffAfterBytes = -1;
    private boolean wrongSha;
    private boolean wrongUuid;
    private boolean failPrune;
    private boolean failClose;

    /** @param expectedKey the LUKS key's bytes (copied) */
    public RecordingRemoteBtrfs(Btrfs btrfs, Path receivedRoot, byte[] expectedKey) {
        this.btrfs = btrfs;
        this.receivedRoot = receivedRoot;
        this.expectedKey = expectedKey.clone();
    }

    public synchronized RecordingRemoteBtrfs cutOffAfter(long bytes) {
        cutOffAfterBytes = bytes;
        return this;
    }

    public synchronized RecordingRemoteBtrfs replyWithWrongSha(boolean on) {
        wrongSha = on;
        return this;
    }

    public synchronized RecordingRemoteBtrfs replyWithWrongUuid() {
        wrongUuid = true;
        return this;
    }

    public synchronized RecordingRemoteBtrfs failPrune() {
        failPrune = true;
        return this;
    }

    public synchronized RecordingRemoteBtrfs failClose(boolean on) {
        failClose = on;
        return this;
    }

    /** Every command so far, as the receiver would see SSH_ORIGINAL_COMMAND. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    public synchronized boolean isOpen() {
        return open;
    }

    public Path received(String set, String snapshot) {
        return receivedRoot.resolve(set).resolve(snapshot);
    }

    /** backup-srv loses a received snapshot (its own prune, an operator). */
    public synchronized void forget(String set, String snapshot) {
        btrfs.deleteSubvolume(received(set, snapshot));
    }

    @Override
    public synchronized String openLuks(byte[] key) throws IOException {
        calls.add("open-luks");
        try {
            if (!Arrays.equals(key, expectedKey)) {
                throw new IOException("open-luks failed: exit status 2: refused: wrong LUKS key");
            }
            String status = open ? "already-open" : "opened";
            open = true;
            return status;
        } finally {
            Arrays.fill(key, (byte) 0); // as the process runner does with StdinSource.bytes
        }
    }

    @Override
    public synchronized List<ReceivedSnapshot> listReceived(BackupSetName set) {
        calls.add("list " + set.value());
        Path dir = receivedRoot.resolve(set.value());
        if (!open || !Files.isDirectory(dir)) {
            return List.of();
        }
        List<ReceivedSnapshot> received = new ArrayList<>();
        for (Path p : btrfs.listSnapshots(dir)) {
            SnapshotName name;
            try {
                name = SnapshotName.parse(p.getFileName().toString());
            } catch (IllegalArgumentException notASnapshot) {
                continue;
            }
            SubvolumeInfo info = btrfs.show(p);
            received.add(new ReceivedSnapshot(name, info.receivedUuid(), info.readOnly()));
        }
        received.sort(Comparator.comparing(ReceivedSnapshot::snapshot));
        return received;
    }

    @Override
    public synchronized ReceiveOutcome receive(ReceiveRequest request, PlainStreamWriter writer) throws IOException {
        calls.add(request.remoteCommand());
        if (!open) {
            throw new IOException("receive failed: exit status 2: refused: the LUKS volume is not mounted");
        }
        Path dir = receivedRoot.resolve(request.set().value());
        Files.createDirectories(dir);
        if (request.parent().isPresent() && !Files.isDirectory(dir.resolve(request.parent().get().value()))) {
            throw new IOException("receive failed: exit status 2: refused: parent " + request.parent().get()
                    + " is not received");
        }
        Path target = dir.resolve(request.snapshot().value());
        RunningProcess receive = btrfs.receive(dir);
        CountingHashingOutputStream counted = new CountingHashingOutputStream(
                new CuttingStream(receive.stdin(), cutOffAfterBytes));
        SentStream sent;
        try {
            sent = writer.writeTo(counted);
        } catch (IOException | RuntimeException e) {
            // The connection drops: btrfs receive sees end-of-file in the middle of the stream.
            receive.stdin().close();
            try {
                receive.await();
            } catch (ProcessFailedException expected) {
                // a truncated stream fails
            }
            deleteHalfReceived(target);
            throw e;
        }
        try {
            receive.await();
        } catch (ProcessFailedException e) {
            deleteHalfReceived(target);
            throw new IOException("receive failed: exit status 1: " + e.getMessage(), e);
        }
        UUID receivedUuid = btrfs.show(target).receivedUuid()
                .orElseThrow(() -> new IOException("receive: no received UUID on " + target));
        ReceiveReply reply = new ReceiveReply(ReceiveReply.Status.RECEIVED, request.snapshot(), request.parent(),
                counted.bytes(),
                wrongSha ? "0".repeat(64) : counted.sha256Hex(), wrongUuid ? UUID.randomUUID() : receivedUuid);
        return new ReceiveOutcome(sent, reply);
    }

    @Override
    public synchronized PruneReceivedReply pruneReceived(BackupSetName set) throws IOException {
        calls.add("prune-received " + set.value());
        if (!open || failPrune) {
            throw new IOException("prune-received failed: exit status 1 (test)");
        }
        return new PruneReceivedReply(listReceivedQuietly(set), List.of(), List.of());
    }

    @Override
    public synchronized String closeLuks() throws IOException {
        calls.add("close-luks");
        if (failClose) {
            throw new IOException("close-luks failed: exit status 1: umount: target is busy (test)");
        }
        String status = open ? "closed" : "already-closed";
        open = false;
        return status;
    }

    private int listReceivedQuietly(BackupSetName set) {
        Path dir = receivedRoot.resolve(set.value());
        return Files.isDirectory(dir) ? btrfs.listSnapshots(dir).size() : 0;
    }

    private void deleteHalfReceived(Path target) {
        if (Files.isDirectory(target)) {
            btrfs.deleteSubvolume(target);
        }
    }

    /** Fails like a broken connection once the limit is passed. */
    private static final class CuttingStream extends FilterOutputStream {
        private final long limit;
        private long written;

        CuttingStream(OutputStream out, long limit) {
            super(out);
            this.limit = limit;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (limit >= 0 && written + len > limit) {
                int part = (int) (limit - written);
                out.write(b, off, part);
                written += part;
                throw new IOException("connection cut off after " + written + " bytes (test)");
            }
            out.write(b, off, len);
            written += len;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }
}
