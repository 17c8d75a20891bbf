package org.btrfssendbackup.producer.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;

/**
 * LOCK_FILE: so that two backup runs (cron and service, or two cron runs) never overlap. A
 * kernel lock through {@link FileChannel#lock()} (a POSIX record lock on Linux, so util-linux
 * flock(1) does not see it), released when the process dies: a killed run never leaves a stale lock. The file holds "pid N, since T" for the message the
 * second run prints.
 *
 * <p>Re-entrant within this JVM: the one-shot CLI holds it for the whole run while the steps,
 * running in the same process, take it again around their work.
 */
public final class RunLock {

    private final Path file;
    private final Clock clock;
    private FileChannel channel;
    private FileLock lock;
    private int holds;

    public RunLock(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    /** Takes the lock or throws {@link LockHeldException} at once. */
    public synchronized Held tryAcquire() throws IOException {
        return acquire(false);
    }

    /** Takes the lock, waiting as long as another process holds it. */
    public synchronized Held acquireWaiting() throws IOException {
        return acquire(true);
    }

    private Held acquire(boolean wait) throws IOException {
        if (holds > 0) {
            holds++;
            return new Held();
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileChannel opened = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock taken = wait ? opened.lock() : opened.tryLock();
            if (taken == null) {
                String holder = describeHolder();
                opened.close();
                throw new LockHeldException(file, holder);
            }
            opened.truncate(0);
            opened.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ", since "
                    + Instant.now(clock) + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            opened.force(false);
            channel = opened;
            lock = taken;
            holds = 1;
            return new Held();
        } catch (IOException | RuntimeException e) {
            if (channel != opened) {
                opened.close();
            }
            throw e;
        }
    }

    private String describeHolder() {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? "unknown holder" : text;
        } catch (IOException e) {
            return "holder unknown: " + e.getMessage();
        }
    }

    private synchronized void release() throws IOException {
        if (holds == 0) {
            return;
        }
        if (--holds > 0) {
            return;
        }
        try {
            lock.release();
        } finally {
            channel.close();
            lock = null;
            channel = null;
        }
    }

    /** One hold on the lock; close it to give it back. */
    public final class Held implements AutoCloseable {
        private boolean released;

        @Override
        public void close() throws IOException {
            if (!released) {
                released = true;
                release();
            }
        }
    }
}
