package org.btrfssendbackup.producer.state;

import java.nio.file.Path;

/** Another process holds LOCK_FILE: a backup run is already in progress (exit status 3). */
public final class LockHeldException extends RuntimeException {

    public LockHeldException(Path lockFile, String holder) {
        super("another backup run holds " + lockFile + " (" + holder + ")");
    }
}
