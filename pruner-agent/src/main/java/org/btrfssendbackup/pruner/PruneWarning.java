package org.btrfssendbackup.pruner;

import java.util.Objects;

/**
 * Something in a set's directory the pruner left alone and wants an operator to look at: a
 * file it does not recognise, a stream without a readable manifest, a manifest without its
 * stream, a stale temporary upload.
 *
 * @param file    the file name inside the set directory
 * @param problem what is wrong and what the pruner did about it (always: nothing)
 */
public record PruneWarning(String file, String problem) {

    public PruneWarning {
        Objects.requireNonNull(file, "prune warning: file");
        Objects.requireNonNull(problem, "prune warning: problem");
    }

    @Override
    public String toString() {
        return file + ": " + problem;
    }
}
