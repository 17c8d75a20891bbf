package org.btrfssendbackup.ops.tree;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads every entry of a tree (root included, as "") with lstat-like facts. */
final class TreeReader {

    private TreeReader() {
    }

    static Map<String, EntryFacts> read(Path root) throws IOException {
        Map<String, EntryFacts> entries = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                entries.put(relative(root, dir), facts(dir, attrs));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                entries.put(relative(root, file), facts(file, attrs));
                return FileVisitResult.CONTINUE;
            }
        });
        return entries;
    }

    private static String relative(Path root, Path entry) {
        return root.relativize(entry).toString();
    }

    private static EntryFacts facts(Path path, BasicFileAttributes basic) throws IOException {
        Map<String, Object> unix = Files.readAttributes(path, "unix:mode,uid,gid,size,dev,ino,rdev",
                LinkOption.NOFOLLOW_LINKS);
        EntryType type = EntryType.of(basic);
        return new EntryFacts(type, (Integer) unix.get("mode"), (Integer) unix.get("uid"), (Integer) unix.get("gid"),
                (Long) unix.get("size"), unix.get("dev") + ":" + unix.get("ino"), (Long) unix.get("rdev"),
                type == EntryType.SYMLINK ? Map.of() : userXattrs(path),
                type == EntryType.SYMLINK ? Optional.of(Files.readSymbolicLink(path).toString()) : Optional.empty());
    }

    /** Linux allows user.* attributes only on files and directories, so links are skipped. */
    private static Map<String, String> userXattrs(Path path) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        Map<String, String> xattrs = new TreeMap<>();
        if (view == null) {
            return xattrs;
        }
        for (String name : view.list()) {
            ByteBuffer value = ByteBuffer.allocate(view.size(name));
            view.read(name, value);
            xattrs.put(name, HexFormat.of().formatHex(value.array(), 0, value.position()));
        }
        return xattrs;
    }
}
