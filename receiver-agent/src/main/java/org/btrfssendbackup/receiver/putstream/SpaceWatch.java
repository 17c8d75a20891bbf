package org.btrfssendbackup.receiver.putstream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.btrfssendbackup.receiver.store.NoSpaceException;

/**
 * Applies an {@link UploadBudget} to one running upload: asks the filesystem for its free
 * space at the start and again every {@link #STATFS_STEP} bytes (a statfs per 1 MiB chunk
 * would cost more than it tells), and cuts the upload with a {@link NoSpaceException} (exit 3,
 * permanent for the producer) when the budget says so.
 */
final class SpaceWatch {

    static final long STATFS_STEP = 64L << 20;
    /** The write queue (16 MiB) and one background flush step (64 MiB) that statfs may not show yet. */
    static final long IN_FLIGHT = 80L << 20;

    private final UploadBudget budget;
    private final FileStore store;
    private long usableAtStatfs;
    private long bytesAtStatfs;

    SpaceWatch(UploadBudget budget, Path root) throws IOException {
        this.budget = budget;
        this.store = Files.getFileStore(root);
        this.usableAtStatfs = store.getUsableSpace();
    }

    /** @param bytesRead what the upload holds once the chunk just read is counted */
    void check(String what, long bytesRead) {
        if (bytesRead - bytesAtStatfs >= STATFS_STEP) {
            try {
                usableAtStatfs = store.getUsableSpace();
            } catch (IOException e) {
                throw new UncheckedIOException(what + ": reading the free space of BACKUP_ROOT failed", e);
            }
            // what may still be queued or unflushed is counted as not yet in the figure: pessimistic
            // by at most IN_FLIGHT, never optimistic
            bytesAtStatfs = Math.max(0, bytesRead - IN_FLIGHT);
        }
        Optional<String> cut = budget.cut(bytesRead, bytesAtStatfs, usableAtStatfs);
        if (cut.isPresent()) {
            throw new NoSpaceException(what + ": " + cut.get() + "; upload cut after " + bytesRead
                    + " bytes; nothing stored", null);
        }
    }
}
