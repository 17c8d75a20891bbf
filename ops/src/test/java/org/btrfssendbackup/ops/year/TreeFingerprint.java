package org.btrfssendbackup.ops.year;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A cheap record of what a tree held when its snapshot was taken, kept in memory for every
 * snapshot of the year (most of the snapshots are long deleted when the restores are
 * checked): relative path → type, permission bits, owner, size, content sha256 or link target,
 * user xattrs. Two fingerprints are equal exactly when a reader of the trees would see the same.
 */
record TreeFingerprint(SortedMap<String, String> entries) {

    TreeFingerprint {
        entries = new TreeMap<>(entries);
    }

    static TreeFingerprint of(Path root) throws IOException {
        SortedMap<String, String> entries = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                entries.put(root.relativize(dir).toString(), describe(dir, attrs));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                entries.put(root.relativize(file).toString(), describe(file, attrs));
                return FileVisitResult.CONTINUE;
            }
        });
        return new TreeFingerprint(entries);
    }

    /** The paths whose facts differ, with both sides, for a failure message. */
    SortedMap<String, String> differencesFrom(TreeFingerprint other) {
        SortedMap<String, String> differences = new TreeMap<>();
        TreeMap<String, String> all = new TreeMap<>(entries);
        all.putAll(other.entries);
        for (String path : all.keySet()) {
            String mine = entries.get(path);
            String theirs = other.entries.get(path);
            if (mine == null || !mine.equals(theirs)) {
                differences.put(path, "expected " + mine + ", found " + theirs);
            }
        }
        return differences;
    }

    private static String describe(Path path, BasicFileAttributes basic) throws IOException {
        Map<String, Object> unix = Files.readAttributes(path, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
        String owner = String.format("%04o %s:%s", (Integer) unix.get("mode") & 07777, unix.get("uid"), unix.get("gid"));
        if (basic.isSymbolicLink()) {
            return "symlink -> " + Files.readSymbolicLink(path) + " " + unix.get("uid") + ":" + unix.get("gid");
        }
        if (basic.isDirectory()) {
            return "dir " + owner + xattrs(path);
        }
        if (basic.isRegularFile()) {
            return "file " + owner + " " + basic.size() + " " + sha256(path) + xattrs(path);
        }
        return "other " + owner;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    private static String xattrs(Path path) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        SortedMap<String, String> values = new TreeMap<>();
        for (String name : view.list()) {
            ByteBuffer value = ByteBuffer.allocate(view.size(name));
            view.read(name, value);
            values.put(name, HexFormat.of().formatHex(value.array(), 0, value.position()));
        }
        return values.isEmpty() ? "" : " xattrs" + values;
    }
}
