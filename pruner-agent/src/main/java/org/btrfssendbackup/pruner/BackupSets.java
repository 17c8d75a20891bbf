package org.btrfssendbackup.pruner;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.layout.StreamFileName;

/**
 * Finds every set under BACKUP_ROOT for the scheduled pass: a directory one to three levels
 * down whose relative path is a valid set name and that holds a stream file, a manifest or
 * an interrupted deletion. Symbolic links are not followed.
 */
public final class BackupSets {

    private BackupSets() {
    }

    public static List<BackupSetName> under(StoreLayout layout) throws IOException {
        List<BackupSetName> sets = new ArrayList<>();
        collect(layout.backupRoot(), layout.backupRoot(), 1, sets);
        sets.sort(Comparator.comparing(BackupSetName::value));
        return sets;
    }

    private static void collect(Path root, Path dir, int depth, List<BackupSetName> sets) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                BackupSetName set;
                try {
                    set = BackupSetName.of(root.relativize(entry).toString());
                } catch (IllegalArgumentException notASetName) {
                    continue; // hidden or foreign directories are not sets
                }
                if (holdsStreams(entry)) {
                    sets.add(set);
                }
                if (depth < BackupSetName.MAX_COMPONENTS) {
                    collect(root, entry, depth + 1, sets);
                }
            }
        }
    }

    private static boolean holdsStreams(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, entry -> {
            String name = entry.getFileName().toString();
            return name.endsWith(StreamFileName.SUFFIX) || name.endsWith(StoreLayout.MANIFEST_SUFFIX)
                    || DeletionIntent.isIntentName(name);
        })) {
            return entries.iterator().hasNext();
        }
    }
}
