package org.btrfssendbackup.receiver.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The fsync-and-rename steps that make a file appear complete or not at all, even after a crash. */
public final class DurableFiles {

    static final Set<PosixFilePermission> READ_ONLY = PosixFilePermissions.fromString("r--------");
    public static final FileAttribute<Set<PosixFilePermission>> OWNER_RW =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    static final FileAttribute<Set<PosixFilePermission>> DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---"));

    private DurableFiles() {
    }

    /** Makes the temporary file read-only (0400), then renames it; the caller holds the set lock. */
    public static void publish(Path temporary, Path finalPath) throws IOException {
        Files.setPosixFilePermissions(temporary, READ_ONLY);
        if (Files.exists(finalPath)) {
            throw new FileAlreadyExistsException(finalPath.toString());
        }
        Files.move(temporary, finalPath, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes small content to a temporary sibling, fsyncs, makes it 0400 and renames it into place. */
    public static void writeAtomically(Path finalPath, byte[] content, String token) throws IOException {
        Path temporary = org.btrfssendbackup.core.layout.StoreLayout.temporaryFor(finalPath, token);
        try {
            try (FileChannel out = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), OWNER_RW)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            publish(temporary, finalPath);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Makes renames in the directory durable (a rename lives in the directory, not the file). */
    public static void syncDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /**
     * Creates the set's directories (0750, like the seed's BACKUP_ROOT) below the root.
     *
     * @return the directories this call created, outermost first (so a failed upload can take
     *         back what it made)
     */
    public static List<Path> createDirectories(Path root, Path directory) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new ReceiveFailedException("BACKUP_ROOT " + root + " does not exist or is not a directory (is the disk mounted?)");
        }
        List<Path> created = new ArrayList<>();
        Path current = root;
        for (Path part : root.relativize(directory)) {
            current = current.resolve(part);
            if (!Files.isDirectory(current, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(current, DIRECTORY);
                    created.add(current);
                } catch (FileAlreadyExistsException raced) {
                    // another upload made it a moment ago: theirs, not ours to take back
                    if (!Files.isDirectory(current, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        throw raced;
                    }
                }
                syncDirectory(current.getParent());
            }
        }
        return List.copyOf(created);
    }
}
