package org.btrfssendbackup.ops.tree;

import java.nio.file.attribute.BasicFileAttributes;

/** The kind of a directory entry, as {@code lstat} sees it (symbolic links are not followed). */
enum EntryType {
    DIRECTORY, FILE, SYMLINK, OTHER;

    static EntryType of(BasicFileAttributes attributes) {
        if (attributes.isSymbolicLink()) {
            return SYMLINK;
        }
        if (attributes.isDirectory()) {
            return DIRECTORY;
        }
        return attributes.isRegularFile() ? FILE : OTHER;
    }
}
