package org.btrfssendbackup.core.tools;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Parses {@code btrfs subvolume list} lines: {@code ID 257 gen 7 top level 5 path snaps/s1}. */
public final class SubvolumeListParser {

    private static final String PATH_MARKER = " path ";

    private SubvolumeListParser() {
    }

    /** The path column of every line (relative to the filesystem's top level). */
    public static List<Path> paths(List<String> lines) {
        List<Path> paths = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            int at = line.indexOf(PATH_MARKER);
            if (!line.startsWith("ID ") || at < 0) {
                throw new IllegalArgumentException("unexpected btrfs subvolume list line: '" + line + "'");
            }
            String path = line.substring(at + PATH_MARKER.length());
            // "<FS_TREE>/" prefixes paths outside the mounted subvolume (btrfs-progs with -a).
            paths.add(Path.of(path.startsWith("<FS_TREE>/") ? path.substring("<FS_TREE>/".length()) : path));
        }
        return paths;
    }
}
