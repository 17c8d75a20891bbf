package org.btrfssendbackup.producer.steps;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.messages.jms.PermanentStepException;

/**
 * Classifies a failed {@code btrfs subvolume snapshot}. Pure. A full prod-srv disk (ENOSPC,
 * "No space left on device") does not clear itself within the broker's half hour of
 * redeliveries, and every retry would stop the production services once more: permanent. Any
 * other failure is left as it is (the broker retries it).
 */
public final class SnapshotFailures {

    static final String ENOSPC = "No space left on device";

    private SnapshotFailures() {
    }

    /** @return a PermanentStepException naming the cause first, or {@code failure} unchanged */
    public static RuntimeException classify(ProcessFailedException failure, Path source) {
        if (failure.stderrTail().contains(ENOSPC) || String.valueOf(failure.getMessage()).contains(ENOSPC)) {
            return new PermanentStepException("no space left on prod-srv's btrfs to snapshot " + source
                    + ": free space there (old snapshots, LOCAL_KEEP_*), then run the backup again; "
                    + failure.getMessage(), failure);
        }
        return failure;
    }

    /**
     * A source subvolume that is not there before the snapshot (a set file naming a subvolume
     * that was renamed, removed or never created) does not appear within the redeliveries, which
     * would only hold the run's next backup sets back and stop its services again each time:
     * permanent, checked before any service is stopped.
     *
     * @param origin where SOURCE_SUBVOL was set ("FILE:LINE")
     */
    public static Optional<PermanentStepException> missingSource(Path source, Predicate<Path> isDirectory,
                                                                 String origin) {
        if (isDirectory.test(source)) {
            return Optional.empty();
        }
        return Optional.of(new PermanentStepException("snapshot of " + source + ": the source subvolume does not exist"
                + " (SOURCE_TOP/SOURCE_SUBVOL, " + origin + "); create it or correct the configuration"));
    }
}
