package org.btrfssendbackup.pruner;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The real filesystem deleter that "crashes" (throws, and does nothing more) at its Nth
 * operation, as a power cut between two steps of a deletion would.
 */
final class CrashingDeleter implements Deleter {

    private final Deleter real = new FileSystemDeleter();
    private final int crashAt;
    private int operations;

    CrashingDeleter(int crashAt) {
        this.crashAt = crashAt;
    }

    private void step(String what) throws IOException {
        if (++operations == crashAt) {
            throw new IOException("simulated crash before operation " + crashAt + " (" + what + ")");
        }
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        step("rename " + from.getFileName());
        real.rename(from, to);
    }

    @Override
    public void delete(Path file) throws IOException {
        step("delete " + file.getFileName());
        real.delete(file);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        step("fsync");
        real.syncDirectory(directory);
    }
}
