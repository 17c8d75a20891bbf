package org.btrfssendbackup.core.layout;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The one exclusive lock of a set's directory (a POSIX record lock, so it is released when its
 * process dies). For stored streams it is {@code SET/.put-stream.lock} ({@link #uploadLockOf}):
 * put-stream holds it while it checks and stores an upload, the pruner while it prunes; receive
 * and prune-received take the same kind of lock on a received set. Holding the upload lock
 * means no other of those runs on the set: the pruner never sees half a published upload, the
 * receiver never checks a parent the pruner is about to delete, and whatever temporary upload
 * file is in the directory belongs to no running upload.
 */
public final class SetLock implements AutoCloseable {

    private static final long POLL_MILLIS = 200;

    private final FileChannel channel;
    private final FileLock lock;

    private SetLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** A stream set's upload lock file, {@code SET/.put-stream.lock}. */
    public static Path uploadLockOf(Path setDirectory) {
        return setDirectory.resolve(StoreLayout.UPLOAD_LOCK_FILE);
    }

    /**
     * The lock now, or empty when another process (or another holder in this JVM) has it, or when
     * the lock file was deleted between opening and locking it (try again: the next call creates it).
     */
    public static Optional<SetLock> tryAcquire(Path lockFile) throws IOException {
        // never through a link: the pruner runs as root, and a linked lock file would let whoever
        // placed it have root create or lock a file anywhere
        FileChannel channel = StorePaths.openChannel(lockFile.getParent(), lockFile,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                // A failed first upload deletes the lock file it created while holding it; whoever
                // opened the file just before that delete now locks an unlinked file that nobody
                // else will ever see. Only a lock on the file still at this path counts.
                if (Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.of(new SetLock(channel, lock));
                }
                lock.release();
            }
        } catch (OverlappingFileLockException heldInThisJvm) {
            // all-in-one mode: the receiver or another pruner in this JVM holds it
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        channel.close();
        return Optional.empty();
    }

    /** Waits up to {@code wait} for the lock (an upload usually ends within minutes); empty when it did not come. */
    public static Optional<SetLock> acquire(Path lockFile, Duration wait) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<SetLock> lock = tryAcquire(lockFile);
            if (lock.isPresent() || System.nanoTime() >= deadline) {
                return lock;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * Whether someone holds the lock right now, without taking it: a shared lock is tried on a
     * read-only descriptor and released at once. It conflicts with the holder's exclusive lock
     * only, never blocks, and creates nothing (verify runs it on a store it must not change).
     */
    public static boolean isHeld(Path lockFile) throws IOException {
        try (FileChannel channel = StorePaths.openChannel(lockFile.getParent(), lockFile, Set.of(StandardOpenOption.READ))) {
            try (FileLock probe = channel.tryLock(0, Long.MAX_VALUE, true)) {
                return probe == null;
            } catch (OverlappingFileLockException heldInThisJvm) {
                return true;
            }
        } catch (NoSuchFileException never) {
            return false; // put-stream creates the lock file before any temporary
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
