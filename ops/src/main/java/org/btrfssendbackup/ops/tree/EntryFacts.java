package org.btrfssendbackup.ops.tree;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link TreeComparison} knows about one entry of a tree, read without following links.
 *
 * @param inode         "dev:ino", to find hard links inside the same tree
 * @param xattrs        user.* extended attributes (name without "user." to hex value)
 * @param symlinkTarget the link's target text, for symbolic links
 */
record EntryFacts(EntryType type, int mode, int uid, int gid, long size, String inode, long rdev,
                  Map<String, String> xattrs, Optional<String> symlinkTarget) {

    EntryFacts {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(inode, "inode");
        xattrs = Map.copyOf(xattrs);
        Objects.requireNonNull(symlinkTarget, "symlinkTarget");
    }

    /** Permission bits including setuid, setgid and sticky; the file type bits are left out. */
    String modeText() {
        return String.format("%04o", mode & 07777);
    }
}
