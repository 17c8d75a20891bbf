package org.btrfssendbackup.core.layout;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The one way to find the sets under BACKUP_ROOT (the pruner's scheduled pass and scrub, verify):
 * every directory one to {@link BackupSetName#MAX_COMPONENTS} levels down whose relative path is
 * a valid set name and that directly holds a stream file, a manifest, a receiver temporary or an
 * interrupted deletion. Symbolic links are not followed (the store holds none, and following one
 * could leave it); hidden and foreign directories, such as {@code .integrity}, are never sets.
 */
public final class StoredSets {

    private StoredSets() {
    }

    /** The sets, sorted by name. */
    public static List<BackupSetName> under(StoreLayout layout) throws IOException {
        List<BackupSetName> sets = new ArrayList<>();
        collect(layout.backupRoot(), layout.backupRoot(), 1, sets);
        sets.sort(Comparator.comparing(BackupSetName::value));
        return sets;
    }

    private static void collect(Path root, Path dir, int depth, List<BackupSetName> sets) throws IOException {
        List<Path> subdirectories = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    subdirectories.add(entry);
                }
            }
        }
        subdirectories.sort(null);
        for (Path entry : subdirectories) {
            BackupSetName set;
            try {
                set = BackupSetName.of(root.relativize(entry).toString());
            } catch (IllegalArgumentException notASetName) {
                continue; // hidden or foreign directories are not sets, nor is anything below them
            }
            if (holdsSetFiles(entry)) {
                sets.add(set);
            }
            if (depth < BackupSetName.MAX_COMPONENTS) {
                collect(root, entry, depth + 1, sets);
            }
        }
    }

    private static boolean holdsSetFiles(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, entry -> {
            String name = entry.getFileName().toString();
            return name.endsWith(StreamFileName.SUFFIX) || name.endsWith(StoreLayout.MANIFEST_SUFFIX)
                    || StoreLayout.isTemporaryName(name) || StoreLayout.isPruningIntentName(name);
        })) {
            return entries.iterator().hasNext();
        }
    }
}
