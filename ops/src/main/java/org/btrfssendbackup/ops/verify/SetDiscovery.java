package org.btrfssendbackup.ops.verify;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.layout.StreamFileName;

/**
 * The sets under BACKUP_ROOT: every directory, at most {@link BackupSetName#MAX_COMPONENTS}
 * levels deep, that directly holds a manifest, a stream file or a receiver temporary.
 * Symbolic links are not followed: the store holds none, and following one could leave it.
 */
final class SetDiscovery {

    private SetDiscovery() {
    }

    static List<BackupSetName> sets(Path backupRoot) throws IOException {
        List<BackupSetName> sets = new ArrayList<>();
        walk(backupRoot, backupRoot, 0, sets);
        sets.sort(java.util.Comparator.comparing(BackupSetName::value));
        return sets;
    }

    private static void walk(Path root, Path dir, int depth, List<BackupSetName> sets) throws IOException {
        boolean holdsSetFiles = false;
        List<Path> subdirectories = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    subdirectories.add(entry);
                } else if (name.endsWith(StoreLayout.MANIFEST_SUFFIX) || name.endsWith(StreamFileName.SUFFIX)
                        || StoreLayout.isTemporaryName(name)) {
                    holdsSetFiles = true;
                }
            }
        }
        if (holdsSetFiles && depth > 0) {
            try {
                sets.add(BackupSetName.of(root.relativize(dir).toString()));
            } catch (IllegalArgumentException notASetName) {
                // a directory the receiver could never have created: not a set
            }
        }
        if (depth < BackupSetName.MAX_COMPONENTS) {
            for (Path sub : subdirectories) {
                walk(root, sub, depth + 1, sets);
            }
        }
    }
}
