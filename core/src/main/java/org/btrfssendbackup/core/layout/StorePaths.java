package org.btrfssendbackup.core.layout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.util.HashSet;
import java.util.Set;

/**
 * The one place that turns a path under BACKUP_ROOT into something to read or write without
 * following symbolic links: the receiver, the pruner, verify and restore open store files
 * through it. Every component below BACKUP_ROOT is looked at with NOFOLLOW_LINKS and a link is
 * refused ({@link SymbolicLinkInStoreException}); the file itself is then opened with O_NOFOLLOW,
 * so a link put in place of the last component after the walk is refused by the kernel too.
 * BACKUP_ROOT itself may be a link: that is the operator's configuration, not the store's content.
 */
public final class StorePaths {

    private StorePaths() {
    }

    /**
     * Checks that no existing component of {@code path} below {@code root} is a symbolic link;
     * the walk ends at the first missing component (nothing below it exists).
     *
     * @return {@code path}
     * @throws IllegalArgumentException when {@code path} is not below {@code root}
     */
    public static Path checkNoLinks(Path root, Path path) throws IOException {
        Path normalRoot = root.normalize();
        Path normal = path.normalize();
        if (!normal.startsWith(normalRoot)) {
            throw new IllegalArgumentException(path + " is not under BACKUP_ROOT " + root);
        }
        Path current = normalRoot;
        for (Path part : normalRoot.relativize(normal)) {
            if (part.toString().isEmpty()) {
                continue;
            }
            current = current.resolve(part);
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException missing) {
                return path;
            }
            if (attributes.isSymbolicLink()) {
                throw new SymbolicLinkInStoreException(current, path);
            }
        }
        return path;
    }

    /** Opens a store file for reading: no link on the way, none at the end. */
    public static InputStream newInputStream(Path root, Path file) throws IOException {
        return Channels.newInputStream(openChannel(root, file, Set.of(StandardOpenOption.READ)));
    }

    /**
     * Opens a store file with {@code options} plus NOFOLLOW_LINKS, after checking the way to it.
     * A link in the last place is reported as {@link SymbolicLinkInStoreException} rather than
     * the kernel's "Too many levels of symbolic links".
     */
    public static FileChannel openChannel(Path root, Path file, Set<? extends OpenOption> options,
                                          FileAttribute<?>... attributes) throws IOException {
        checkNoLinks(root, file.getParent());
        Set<OpenOption> noFollow = new HashSet<>(options);
        noFollow.add(LinkOption.NOFOLLOW_LINKS);
        try {
            return FileChannel.open(file, noFollow, attributes);
        } catch (IOException e) {
            if (Files.isSymbolicLink(file)) {
                throw new SymbolicLinkInStoreException(file, file);
            }
            throw e;
        }
    }
}
