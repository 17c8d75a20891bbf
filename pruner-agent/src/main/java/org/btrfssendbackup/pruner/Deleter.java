package org.btrfssendbackup.pruner;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The three filesystem operations a deletion is made of. A seam so that tests can stop a
 * deletion between any two of them, as a crash or a power cut would.
 */
public interface Deleter {

    /** Atomically renames within one directory; fails if {@code to} exists. */
    void rename(Path from, Path to) throws IOException;

    /** Deletes a file; a file that is already gone is not an error (deletions are retried). */
    void delete(Path file) throws IOException;

    /** Makes the directory's renames and deletions durable. */
    void syncDirectory(Path directory) throws IOException;
}
