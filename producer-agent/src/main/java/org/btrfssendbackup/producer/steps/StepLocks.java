package org.btrfssendbackup.producer.steps;

import java.io.IOException;
import org.btrfssendbackup.messages.jms.TransientStepException;
import org.btrfssendbackup.producer.state.LockHeldException;
import org.btrfssendbackup.producer.state.RunLock;

/** Steps take LOCK_FILE around their work; another process holding it is a reason to retry later. */
final class StepLocks {

    private StepLocks() {
    }

    static RunLock.Held hold(RunLock lock) throws IOException {
        try {
            return lock.tryAcquire();
        } catch (LockHeldException e) {
            throw new TransientStepException(e.getMessage(), e);
        }
    }
}
