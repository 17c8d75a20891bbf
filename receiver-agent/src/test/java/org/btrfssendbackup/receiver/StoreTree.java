package org.btrfssendbackup.receiver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * Everything under a BACKUP_ROOT as lines (relative path, type, mode, size and content hash), so a
 * test can assert that a refused call changed nothing on disk.
 */
final class StoreTree {

    private StoreTree() {
    }

    static List<String> of(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root)).sorted().map(p -> line(root, p)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String line(Path root, Path p) {
        try {
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                return root.relativize(p) + "/ " + mode;
            }
            return root.relativize(p) + " " + mode + " " + Files.size(p) + " "
                    + PutStreamTest.sha256(Files.readAllBytes(p));
        } catch (Exception e) {
            throw new IllegalStateException("listing " + p, e);
        }
    }
}
