package org.btrfssendbackup.ops.tree;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Random;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.LocalProcessRunner;

/**
 * Writes the parts of a test tree that a restore must bring back exactly (modes, owners,
 * xattrs, sparse files, special bits): shared by the demo's tree and the restore tests' tree.
 */
public final class TreeFiles {

    private TreeFiles() {
    }

    public static void dir(Path dir, String mode) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
    }

    public static void file(Path file, String content, String mode) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }

    /** {@code size} bytes of seeded random data: the same file for the same seed. */
    public static void random(Path file, int size, long seed) throws IOException {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        Files.write(file, data);
    }

    /** A file of {@code length} bytes that is a hole except for a short text at {@code dataAt}. */
    public static void sparse(Path file, long length, long dataAt) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(length);
            f.seek(dataAt);
            f.write("data in the middle of a hole".getBytes(StandardCharsets.US_ASCII));
        }
    }

    public static void owner(Path path, int uid, int gid) throws IOException {
        Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }

    /** java.nio cannot set setuid/setgid/sticky bits. */
    public static void chmod(Path path, String octal) {
        new LocalProcessRunner().run(CommandLine.of("chmod", octal, path.toString()));
    }

    public static void xattr(Path path, String name, String value) throws IOException {
        xattrs(path).write(name, ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
    }

    public static UserDefinedFileAttributeView xattrs(Path path) {
        return Files.getFileAttributeView(path, UserDefinedFileAttributeView.class);
    }
}
