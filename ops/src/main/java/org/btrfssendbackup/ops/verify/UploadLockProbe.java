package org.btrfssendbackup.ops.verify;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether an upload or a prune holds a set's upload lock ({@code SET/.put-stream.lock}, a POSIX
 * record lock) right now. A shared lock is tried on a read-only descriptor and released at
 * once: it conflicts with the writer's exclusive lock only, never blocks, and creates nothing.
 */
final class UploadLockProbe {

    private UploadLockProbe() {
    }

    static boolean isHeld(Path lockFile) throws IOException {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.READ)) {
            try (FileLock probe = channel.tryLock(0, Long.MAX_VALUE, true)) {
                return probe == null;
            } catch (OverlappingFileLockException heldInThisJvm) {
                return true;
            }
        } catch (NoSuchFileException never) {
            return false; // put-stream creates the lock file before any temporary
        }
    }
}
