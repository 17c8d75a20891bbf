package org.btrfssendbackup.producer.testing;

import org.btrfssendbackup.core.protocol.ListReplyLine;
import org.btrfssendbackup.core.protocol.ReceiverCommand;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.protocol.PutStreamReply;
import org.btrfssendbackup.core.protocol.VersionReply;
import org.btrfssendbackup.core.stream.EncodedStream;
import org.btrfssendbackup.messages.jms.PermanentStepException;
import org.btrfssendbackup.producer.upload.StreamUploader;
import org.btrfssendbackup.producer.upload.UploadOutcome;

/**
 * Test stand-in for the SSH transport: stores each put-stream as DIR/SET/SNAPSHOT.KIND.btrfs.gpg
 * (the receiver's names, written to a temporary name first) and lists what it stored. Like the
 * real receiver it refuses an incremental whose parent it does not store (before reading
 * anything) and a different stream under a stored name (after reading it all). It can cut an
 * upload off after some bytes, or lie about the sha256 in its reply. It can also be "full":
 * report little free space, and answer an upload the way SshStreamCall turns the real
 * receiver's exit status 3 into a failure (a PermanentStepException; the real path is tested
 * over sshd in ops' NoSpaceUploadSystemTest).
 */
public final class DirectoryUploader implements StreamUploader {

    private final Path root;
    private final List<ListReplyLine.Stream> stored = new ArrayList<>();
    /** Where each stored snapshot's file is, for {@link #forget}. */
    private final Map<SnapshotName, Path> files = new HashMap<>();
    private long cutOffAfterBytes = -1;
    private boolean wrongSha;
    private boolean corrupt;
    private int puts;
    private int lists;
    private boolean full;
    private OptionalLong freeBytes = OptionalLong.empty();
    private Optional<VersionReply> versionAnswer;
    private int versions;

    public DirectoryUploader(Path root) {
        this.root = root;
    }

    /** Every later upload fails like a dropped connection after this many bytes. */
    public synchronized DirectoryUploader cutOffAfter(long bytes) {
        cutOffAfterBytes = bytes;
        return this;
    }

    /** Every later reply names a sha256 that is not the one received. */
    public synchronized DirectoryUploader replyWithWrongSha() {
        wrongSha = true;
        return this;
    }

    /** Every later upload arrives damaged: what is stored (listing and reply) is not what was sent. */
    public synchronized DirectoryUploader corruptInTransit() {
        corrupt = true;
        return this;
    }

    /** Every upload fails after some bytes as on a full backup disk. */
    public synchronized DirectoryUploader diskFull() {
        full = true;
        return this;
    }

    /** The freeBytes {@link #version()} reports (none, as an older receiver, by default). */
    public synchronized DirectoryUploader reportFreeBytes(long bytes) {
        freeBytes = OptionalLong.of(bytes);
        return this;
    }

    /** Answers {@code version} as {@code answer} says (empty: refuses it, as a receiver from before the handshake). */
    public synchronized DirectoryUploader answerVersion(Optional<VersionReply> answer) {
        versionAnswer = answer;
        return this;
    }

    /** This build's receiver's reply, unless {@link #answerVersion} says otherwise. */
    @Override
    public synchronized Optional<VersionReply> version() {
        versions++;
        return versionAnswer != null ? versionAnswer : Optional.of(VersionReply.ofThisReceiver(freeBytes));
    }

    public synchronized int versions() {
        return versions;
    }

    public synchronized int puts() {
        return puts;
    }

    public synchronized int lists() {
        return lists;
    }

    /** Forgets a stored snapshot, as an operator deleting its files on backup-srv would. */
    public synchronized void forget(SnapshotName snapshot) throws IOException {
        for (ListReplyLine.Stream s : List.copyOf(stored)) {
            if (s.snapshot().equals(snapshot)) {
                stored.remove(s);
                Files.deleteIfExists(files.remove(snapshot));
            }
        }
    }

    public Path file(ReceiverCommand.PutStream r) {
        return root.resolve(r.set().value()).resolve(r.snapshot().value() + "." + r.kind().token() + ".btrfs.gpg");
    }

    @Override
    public synchronized List<ListReplyLine.Stream> list(BackupSetName set) {
        lists++;
        return List.copyOf(stored);
    }

    @Override
    public synchronized UploadOutcome putStream(ReceiverCommand.PutStream request, org.btrfssendbackup.producer.upload.StreamWriter writer)
            throws IOException {
        puts++;
        if (request.parent().isPresent() && stored.stream().noneMatch(s -> s.snapshot().equals(request.parent().get()))) {
            throw new IOException("upload failed: btrfs-backup-receive: refused: put-stream: parent "
                    + request.parent().get() + " is not stored in this set (test)");
        }
        Optional<ListReplyLine.Stream> existing = stored.stream().filter(s -> s.snapshot().equals(request.snapshot())).findFirst();
        if (existing.isPresent()) {
            EncodedStream again = writer.writeTo(OutputStream.nullOutputStream());
            if (!existing.get().sha256().equals(Optional.of(again.sha256()))) {
                throw new IOException("upload failed: btrfs-backup-receive: refused: put-stream: a different stream is"
                        + " already stored as " + request.snapshot() + "; no overwrite (test)");
            }
            return new UploadOutcome(again, reply(PutStreamReply.Status.ALREADY_STORED, request, again.storedBytes(),
                    again.sha256()));
        }
        if (full) {
            try {
                writer.writeTo(new CuttingStream(OutputStream.nullOutputStream(), 100));
            } catch (IOException | RuntimeException cut) {
                throw new PermanentStepException("upload of " + request.set() + "/" + request.snapshot()
                        + ": btrfs-backup-receive: no space left on backup-srv: No space left on device (test)", cut);
            }
        }
        Path target = file(request);
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(target.getFileName() + ".partial");
        EncodedStream sent;
        try (OutputStream out = new CuttingStream(Files.newOutputStream(temp), cutOffAfterBytes)) {
            sent = writer.writeTo(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, target);
        String storedSha = corrupt ? "f".repeat(64) : sent.sha256();
        String sha = wrongSha ? "0".repeat(64) : storedSha;
        files.put(request.snapshot(), target);
        stored.add(ListReplyLine.Stream.ofFields(request.snapshot(), request.kind(), request.parent(),
                OptionalLong.of(sent.storedBytes()), Optional.of(storedSha)));
        return new UploadOutcome(sent, reply(PutStreamReply.Status.STORED, request, sent.storedBytes(), sha));
    }

    private static PutStreamReply reply(PutStreamReply.Status status, ReceiverCommand.PutStream request, long bytes, String sha) {
        return new PutStreamReply(status, request.set(), request.snapshot(),
                StreamFileName.of(request.snapshot(), request.kind()), bytes, sha);
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
