package org.btrfssendbackup.producer.testing;

import java.nio.file.Path;
import java.time.Clock;
import org.btrfssendbackup.producer.state.RunLock;

/** Child process for lock tests: takes the lock, says "locked", and holds it until killed. */
public final class LockHolder {

    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        RunLock lock = new RunLock(Path.of(args[0]), Clock.systemUTC());
        try (RunLock.Held held = lock.tryAcquire()) {
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
