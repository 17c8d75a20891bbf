package org.btrfssendbackup.producer.steps;

import java.nio.file.Path;
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
}
