package org.btrfssendbackup.ops.restore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What happened to one link of the chain.
 *
 * @param storedBytes bytes of the stored (encrypted) file read; 0 when already present
 * @param streamBytes bytes of the send stream given to {@code btrfs receive}; 0 when already present
 */
public record LinkOutcome(String snapshot, String file, Status status, Path subvolume, long storedBytes,
                          long streamBytes, Duration elapsed) {

    /** Received now, or found complete in the target (a resumed restore). */
    public enum Status { RECEIVED, ALREADY_PRESENT }

    public LinkOutcome {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(subvolume, "subvolume");
        Objects.requireNonNull(elapsed, "elapsed");
    }
}
