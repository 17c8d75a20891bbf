package org.btrfssendbackup.pruner;

import org.btrfssendbackup.core.layout.StoreLayout;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;

/**
 * The exclusive lock on one set's directory that the receiver's put-stream holds while it
 * checks and stores an upload. Holding it while pruning means the pruner never sees half a
 * published upload (stream renamed, manifest not yet written) and the receiver never checks a
 * parent the pruner is about to delete.
 */
final class SetLock implements AutoCloseable {

    static final String LOCK_FILE = StoreLayout.UPLOAD_LOCK_FILE;

    private static final long POLL_MILLIS = 200;

    private final FileChannel channel;
    private final FileLock lock;

    private SetLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits up to {@code wait} for the lock; an upload usually finishes in seconds to minutes. */
    static SetLock acquire(Path setDirectory, Duration wait) throws IOException {
        FileChannel channel = FileChannel.open(setDirectory.resolve(LOCK_FILE),
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                FileLock lock = tryLock(channel);
                if (lock != null) {
                    return new SetLock(channel, lock);
                }
                if (System.nanoTime() >= deadline) {
                    throw new SetBusyException("prune " + setDirectory + ": the set is locked by an upload or another"
                            + " prune for more than " + wait.toSeconds() + " s; try again later");
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close();
            throw new SetBusyException("prune " + setDirectory + ": interrupted while waiting for the set lock");
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            return null; // all-in-one mode: the receiver or another pruner in this JVM holds it
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
