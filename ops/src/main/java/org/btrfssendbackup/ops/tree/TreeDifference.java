package org.btrfssendbackup.ops.tree;

import java.util.Objects;

/**
 * One way two directory trees differ at one relative path ("" is the root).
 *
 * @param expected what the reference tree has (rendered for people), "-" when absent
 * @param actual   what the compared tree has
 */
public record TreeDifference(String path, Aspect aspect, String expected, String actual) {

    /** What differs. */
    public enum Aspect {
        MISSING, EXTRA, TYPE, CONTENT, MODE, OWNER, GROUP, XATTR, HARD_LINKS, SPARSENESS, SYMLINK_TARGET
    }

    public TreeDifference {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(aspect, "aspect");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(actual, "actual");
    }

    @Override
    public String toString() {
        return (path.isEmpty() ? "." : path) + ": " + aspect.name().toLowerCase(java.util.Locale.ROOT)
                + " differs: expected " + expected + ", actual " + actual;
    }
}
