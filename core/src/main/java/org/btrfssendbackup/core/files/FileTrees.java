package org.btrfssendbackup.core.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removes whole directory trees: the temporary work directories of training runs, tests, the
 * demo and the benchmarks. Not for stored backups: nothing in the product deletes a restore
 * point this way (the pruner removes single, named files).
 */
public final class FileTrees {

    private FileTrees() {
    }

    /**
     * Deletes {@code root} and everything below it, deepest first; nothing when it does not exist.
     * Symbolic links are deleted, never followed, so a link out of the tree cannot take its
     * target along. Read-only files (the receiver stores 0400) go too: deleting needs write
     * permission on the directory, not on the file. The walk does descend into a filesystem
     * mounted below {@code root}: unmount such mounts first.
     */
    public static void deleteTree(Path root) throws IOException {
        if (Files.notExists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> deepestFirst;
        try (Stream<Path> walk = Files.walk(root)) {
            deepestFirst = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : deepestFirst) {
            Files.deleteIfExists(p);
        }
    }
}
