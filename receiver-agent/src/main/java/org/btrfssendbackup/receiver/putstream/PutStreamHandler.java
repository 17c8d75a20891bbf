package org.btrfssendbackup.receiver.putstream;

import org.btrfssendbackup.core.protocol.PutStreamReply;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.btrfssendbackup.core.config.ReceiverConfig;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SetDirectoryListing;
import org.btrfssendbackup.core.layout.SetLock;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.manifest.InvalidManifestException;
import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.core.manifest.ManifestReader;
import org.btrfssendbackup.core.manifest.ManifestWriter;
import org.btrfssendbackup.core.protocol.CommandRefusedException;
import org.btrfssendbackup.core.protocol.ReceiverCommand;
import org.btrfssendbackup.core.time.Durations;
import org.btrfssendbackup.receiver.store.ReceiveFailedException;
import org.btrfssendbackup.receiver.store.BackgroundFlusher;
import org.btrfssendbackup.receiver.store.ChainCheck;
import org.btrfssendbackup.receiver.store.DurableFiles;
import org.btrfssendbackup.receiver.store.NoSpaceException;
import org.btrfssendbackup.receiver.store.QueuedFileWriter;
import org.btrfssendbackup.receiver.store.StoreCatalog;
import org.btrfssendbackup.receiver.store.StreamDigest;

/**
 * put-stream: stores stdin as SET/SNAPSHOT.KIND.btrfs.gpg and its manifest, atomically, never
 * overwriting, never going back in time, never accepting times far in the future. Holds an
 * exclusive lock on the set so two uploads cannot interleave their checks and renames.
 */
public final class PutStreamHandler {

    public static final String LOCK_FILE = StoreLayout.UPLOAD_LOCK_FILE;
    private static final int BUFFER = 1 << 20;
    /**
     * Upload bytes that may wait for the disk: 16 MiB, over 100 ms of a fast upload, longer than
     * a 64 MiB flush holds the file here (see {@link QueuedFileWriter}); heap use stays far
     * inside the wrapper's -Xmx64m.
     */
    private static final int WRITE_QUEUE_CHUNKS = 16;

    private final StoreLayout layout;
    private final StoreCatalog catalog;
    private final ReceiverConfig config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public PutStreamHandler(ReceiverConfig config, Clock clock) {
        this.config = config;
        this.layout = new StoreLayout(config.backupRoot());
        this.catalog = new StoreCatalog(layout);
        this.clock = clock;
    }

    /**
     * Everything that needs no disk write comes first (the snapshot time, the first OpenPGP
     * packet header, the set's newest and the parent, the free-space reserve), so a refused
     * call leaves the store exactly as it was: a compromised prod-srv cannot litter it with
     * empty sets. The read-only checks run again under the lock, where they are binding.
     */
    public PutStreamResult put(ReceiverCommand.PutStream cmd, InputStream in) throws IOException {
        checkNotTooFarAhead(cmd);
        OpenPgpFraming framing = new OpenPgpFraming();
        byte[] head = readHead(cmd, in, framing);
        boolean stored = catalog.streamOf(cmd.set(), cmd.snapshot()).isPresent();
        if (!stored) {
            checkTimeAndParent(cmd);
        }
        UploadBudget budget = budget(!stored, cmd);
        Path dir = layout.setDirectory(cmd.set());
        List<Path> created = DurableFiles.createDirectories(layout.backupRoot(), dir);
        Path lockFile = SetLock.uploadLockOf(dir);
        boolean lockExisted = Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS);
        // SetLock takes only a lock file still in place: a failed upload may take back the new set
        // (and this lock file) between our open and our lock
        try (SetLock lock = SetLock.tryAcquire(lockFile).orElseThrow(() -> inProgress(cmd))) {
            try {
                return putLocked(cmd, head, in, framing, budget, dir);
            } catch (IOException | RuntimeException e) {
                if (!lockExisted) {
                    takeBackCreated(created, lockFile, e);
                }
                throw e;
            }
        }
    }

    private PutStreamResult putLocked(ReceiverCommand.PutStream cmd, byte[] head, InputStream in,
            OpenPgpFraming framing, UploadBudget budget, Path dir) throws IOException {
        removeDeadTemporaries(dir);
        Optional<StreamFileName> existing = catalog.streamOf(cmd.set(), cmd.snapshot());
        if (existing.isPresent()) {
            return compareWithStored(cmd, existing.get(), head, in);
        }
        checkTimeAndParent(cmd);
        return store(cmd, head, in, framing, budget, dir);
    }

    /**
     * A failed call takes back the lock file it created, when the directory holds nothing else,
     * and then the directories it created, innermost first. It still holds the lock, so no
     * other upload is inside; one that opened the file just before the unlink finds it gone
     * once it has the lock and gives up ({@link #put}).
     */
    private static void takeBackCreated(List<Path> created, Path lockFile, Exception failure) {
        try {
            Path dir = lockFile.getParent();
            try (Stream<Path> entries = Files.list(dir)) {
                if (!entries.toList().equals(List.of(lockFile))) {
                    return;
                }
            }
            Files.deleteIfExists(lockFile);
            for (int i = created.size() - 1; i >= 0; i--) {
                Files.delete(created.get(i));
            }
            DurableFiles.syncDirectory(created.isEmpty() ? dir : created.get(0).getParent());
        } catch (IOException | RuntimeException e) {
            // the failure itself is what the caller must hear about; an empty set is harmless
            failure.addSuppressed(e);
        }
    }

    /**
     * The first packet header (at most 6 bytes: a tag octet and up to five length octets) is
     * read and checked before anything is created: input that is not an encrypted OpenPGP
     * message is refused with the store untouched.
     */
    private static byte[] readHead(ReceiverCommand.PutStream cmd, InputStream in, OpenPgpFraming framing) {
        byte[] head = new byte[6];
        int n = 0;
        while (n < head.length) {
            int read = readInput(in, head, n, head.length - n, what(cmd), n);
            if (read < 0) {
                break;
            }
            n += read;
        }
        if (n == 0) {
            throw new ReceiveFailedException(what(cmd) + ": the upload is empty; nothing stored");
        }
        head = Arrays.copyOf(head, n);
        try {
            framing.update(head, 0, n);
        } catch (OpenPgpFraming.FramingException e) {
            throw new CommandRefusedException(what(cmd) + ": " + e.getMessage());
        }
        return head;
    }

    /** The limits for an upload; refuses it up front when BACKUP_ROOT's filesystem is already at the reserve. */
    private UploadBudget budget(boolean refuseAtReserve, ReceiverCommand.PutStream cmd) throws IOException {
        if (!Files.isDirectory(layout.backupRoot())) {
            return new UploadBudget(config.uploads(), 0); // creating the set directory names the missing root
        }
        FileStore store = Files.getFileStore(layout.backupRoot());
        UploadBudget budget = new UploadBudget(config.uploads(), store.getTotalSpace());
        if (refuseAtReserve) {
            Optional<String> refused = budget.refusedUpFront(store.getUsableSpace());
            if (refused.isPresent()) {
                throw new NoSpaceException(what(cmd) + ": " + refused.get() + "; nothing stored", null);
            }
        }
        return budget;
    }

    private static ReceiveFailedException inProgress(ReceiverCommand.PutStream cmd) {
        return new ReceiveFailedException(what(cmd) + ": another put-stream to this set (or a prune of it) is in"
                + " progress; try again later");
    }

    private static String what(ReceiverCommand.PutStream cmd) {
        return "put-stream " + cmd.set() + "/" + cmd.snapshot();
    }

    /**
     * Temporary files of uploads that died (a killed receiver, a crash, power loss): every upload
     * and prune of this set holds the lock this put-stream now holds, so no temporary file in the
     * set directory can belong to a living writer. Left alone they would stay for ever and fill
     * the disk; `verify` reports them until then.
     */
    private static void removeDeadTemporaries(Path dir) throws IOException {
        for (Path temporary : SetDirectoryListing.of(dir).temporaries()) {
            Files.deleteIfExists(temporary);
        }
    }

    private void checkNotTooFarAhead(ReceiverCommand.PutStream cmd) {
        Instant latestAllowed = clock.instant().plus(config.maxFutureSkew());
        if (cmd.snapshot().time().isAfter(latestAllowed)) {
            throw new CommandRefusedException(what(cmd) + ": snapshot time is more than " + Durations.format(config.maxFutureSkew())
                    + " (" + ReceiverConfig.MAX_FUTURE_SKEW + ") ahead of backup-srv's clock (" + clock.instant() + ")");
        }
    }

    private void checkTimeAndParent(ReceiverCommand.PutStream cmd) throws IOException {
        String what = what(cmd);
        Optional<SnapshotName> newest = catalog.newest(cmd.set());
        if (newest.isPresent() && !cmd.snapshot().time().isAfter(newest.get().time())) {
            throw new CommandRefusedException(what + ": not newer than the newest stored snapshot " + newest.get());
        }
        checkParent(cmd);
    }

    /** The parent of an incr is stored and restorable: for a first upload and for a manifest written again. */
    private void checkParent(ReceiverCommand.PutStream cmd) throws IOException {
        String what = what(cmd);
        // Not a security signal: the producer's answer is a full (it lists, then sends one).
        if (cmd.parent().isPresent() && catalog.streamOf(cmd.set(), cmd.parent().get()).isEmpty()) {
            throw new ReceiveFailedException(what + ": parent " + cmd.parent().get()
                    + " is not stored in this set; send a full");
        }
        if (cmd.parent().isPresent()) {
            String broken = new ChainCheck(layout, catalog).unrestorable(cmd.set()).get(cmd.parent().get().value());
            if (broken != null) {
                throw new ReceiveFailedException(what + ": parent " + cmd.parent().get() + " is not restorable ("
                        + broken + "); send a full");
            }
        }
    }

    private PutStreamResult store(ReceiverCommand.PutStream cmd, byte[] head, InputStream in, OpenPgpFraming framing,
            UploadBudget budget, Path dir) throws IOException {
        Path finalPath = layout.streamFile(cmd.set(), cmd.file());
        Path temporary = StoreLayout.temporaryFor(finalPath, token());
        StreamDigest digest = new StreamDigest();
        try {
            copy(cmd, head, in, framing, new SpaceWatch(budget, layout.backupRoot()), temporary, digest);
            DurableFiles.publish(temporary, finalPath);
        } finally {
            Files.deleteIfExists(temporary);
        }
        String sha256 = digest.hex();
        Manifest manifest = Manifest.stored(cmd.set(), cmd.snapshot(), cmd.kind(), cmd.parent(), digest.bytes(), sha256,
                cmd.compression(), clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        writeManifest(manifest);
        DurableFiles.syncDirectory(dir);
        return new PutStreamResult(PutStreamReply.Status.STORED, manifest, digest.bytes(), sha256);
    }

    /**
     * @param head   the first bytes, already read and fed to {@code framing} by {@link #readHead}
     * @param space  cuts the upload at MAX_STREAM_BYTES or the free-space reserve (exit 3, as a full
     *               disk: retrying cannot cure it); the caller deletes the temporary and releases the lock
     */
    private void copy(ReceiverCommand.PutStream cmd, byte[] head, InputStream in, OpenPgpFraming framing,
            SpaceWatch space, Path temporary, StreamDigest digest) throws IOException {
        String what = what(cmd);
        byte[] buffer = new byte[BUFFER];
        try (FileChannel out = FileChannel.open(temporary,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), DurableFiles.OWNER_RW)) {
            BackgroundFlusher flusher = new BackgroundFlusher(out, BackgroundFlusher.DEFAULT_STEP_BYTES, "put-stream");
            QueuedFileWriter writer = new QueuedFileWriter(out, flusher, WRITE_QUEUE_CHUNKS, BUFFER, "put-stream");
            try {
                space.check(what, head.length);
                digest.update(head, 0, head.length);
                write(writer, head, head.length, what, digest);
                int n;
                while ((n = readInput(in, buffer, 0, buffer.length, what, digest.bytes())) >= 0) {
                    space.check(what, digest.bytes() + n);
                    framing.update(buffer, 0, n);
                    digest.update(buffer, 0, n);
                    write(writer, buffer, n, what, digest);
                }
                finishWriting(writer, what, digest);
                finishFlushing(flusher, what, digest);
            } finally {
                writer.stop(); // on failure paths; no-ops after finish
                flusher.stop();
            }
            framing.finish();
            try {
                out.force(true);
            } catch (IOException e) {
                throw writeFailed(what, e, digest);
            }
        } catch (OpenPgpFraming.FramingException e) {
            if (e.truncated) {
                throw new ReceiveFailedException(what + ": " + e.getMessage() + " after " + digest.bytes()
                        + " bytes; nothing stored");
            }
            throw new CommandRefusedException(what + ": " + e.getMessage());
        }
    }

    private static int readInput(InputStream in, byte[] buffer, int offset, int length, String what, long bytesBefore) {
        try {
            return in.read(buffer, offset, length);
        } catch (IOException e) {
            throw new ReceiveFailedException(what + ": reading the upload failed after " + bytesBefore
                    + " bytes: " + e.getMessage() + "; nothing stored", e);
        }
    }

    private void write(QueuedFileWriter writer, byte[] buffer, int n, String what, StreamDigest digest) {
        try {
            writer.write(buffer, 0, n);
        } catch (IOException e) {
            throw writeFailed(what, e, digest);
        }
    }

    private void finishWriting(QueuedFileWriter writer, String what, StreamDigest digest) {
        try {
            writer.finish();
        } catch (IOException e) {
            throw writeFailed(what, e, digest);
        }
    }

    private void finishFlushing(BackgroundFlusher flusher, String what, StreamDigest digest) {
        try {
            flusher.finish();
        } catch (IOException e) {
            throw writeFailed(what, e, digest);
        }
    }

    /**
     * A full disk is its own outcome (exit 3, {@link NoSpaceException}) with what the operator
     * needs: the space left and at least how much this upload needed (what had arrived when the
     * write failed; the temporary file is deleted on the way out, which frees that again).
     */
    private ReceiveFailedException writeFailed(String what, IOException e, StreamDigest digest) {
        if (NoSpaceException.isNoSpace(e)) {
            long usable = -1;
            try {
                usable = Files.getFileStore(layout.backupRoot()).getUsableSpace();
            } catch (IOException ignored) {
                // the figure is best effort
            }
            return new NoSpaceException(what + ": writing to " + layout.backupRoot() + " failed: " + e.getMessage()
                    + "; " + usable + " bytes free, more than " + digest.bytes() + " bytes needed; nothing stored", e);
        }
        return new ReceiveFailedException(what + ": writing to " + layout.backupRoot() + " failed: "
                + e.getMessage() + "; nothing stored", e);
    }

    /** The same snapshot again: an identical stream is fine (a retried upload), anything else is refused. */
    private PutStreamResult compareWithStored(ReceiverCommand.PutStream cmd, StreamFileName stored, byte[] head,
            InputStream in) throws IOException {
        String what = what(cmd);
        if (!stored.equals(cmd.file())) {
            throw new CommandRefusedException(what + ": already stored as " + stored + "; no overwrite");
        }
        StreamDigest incoming = new StreamDigest();
        incoming.update(head, 0, head.length);
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = readInput(in, buffer, 0, buffer.length, what, incoming.bytes())) >= 0) {
            incoming.update(buffer, 0, n);
        }
        Path streamPath = layout.streamFile(cmd.set(), stored);
        Optional<Manifest> manifest = readManifest(cmd.set(), cmd.snapshot());
        String storedSha = manifest.flatMap(Manifest::sha256).orElse(null);
        if (storedSha == null) {
            storedSha = hashOf(streamPath);
        }
        String incomingSha = incoming.hex();
        if (!incomingSha.equals(storedSha)) {
            throw new CommandRefusedException(what + ": a different stream is already stored as " + stored
                    + "; no overwrite");
        }
        long bytes = Files.size(streamPath);
        Manifest result = manifest.orElse(null);
        if (result == null) {
            // the previous upload died between the stream's rename and the manifest's: finish it,
            // but only as a first upload would have: what the sender now claims about the parent
            // is believed no more than then (the compression cannot be checked, here or then)
            checkParent(cmd);
            result = Manifest.stored(cmd.set(), cmd.snapshot(), cmd.kind(), cmd.parent(), bytes, storedSha,
                    cmd.compression(), clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            writeManifest(result);
            DurableFiles.syncDirectory(layout.setDirectory(cmd.set()));
        }
        return new PutStreamResult(PutStreamReply.Status.ALREADY_STORED, result, bytes, storedSha);
    }

    private Optional<Manifest> readManifest(BackupSetName set, SnapshotName snapshot) throws IOException {
        Path path = layout.manifestFile(set, snapshot);
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ManifestReader.read(path, set));
        } catch (InvalidManifestException e) {
            throw new ReceiveFailedException("put-stream " + set + "/" + snapshot + ": " + e.getMessage(), e);
        }
    }

    private static String hashOf(Path file) throws IOException {
        StreamDigest digest = new StreamDigest();
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
        }
        return digest.hex();
    }

    private void writeManifest(Manifest manifest) throws IOException {
        DurableFiles.writeAtomically(layout.manifestFile(manifest.set(), manifest.snapshot()),
                ManifestWriter.write(manifest).getBytes(StandardCharsets.UTF_8), token());
    }

    private String token() {
        return Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
    }
}
