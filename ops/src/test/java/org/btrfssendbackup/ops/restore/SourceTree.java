package org.btrfssendbackup.ops.restore;

import static org.btrfssendbackup.ops.tree.TreeFiles.dir;
import static org.btrfssendbackup.ops.tree.TreeFiles.file;
import static org.btrfssendbackup.ops.tree.TreeFiles.owner;
import static org.btrfssendbackup.ops.tree.TreeFiles.random;
import static org.btrfssendbackup.ops.tree.TreeFiles.sparse;
import static org.btrfssendbackup.ops.tree.TreeFiles.xattr;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;

/**
 * The data the restore tests back up: content, permissions (setuid too), numeric owners,
 * user xattrs on files and directories, hard links, sparse files, symlinks (relative,
 * absolute, dangling) and empty directories; then three rounds of changes between snapshots.
 */
final class SourceTree {

    private SourceTree() {
    }

    static void populate(Path root) throws IOException {
        dir(root.resolve("etc"), "rwxr-xr-x");
        file(root.resolve("etc/hostname"), "prod-srv\n", "rw-r--r--");
        file(root.resolve("etc/secret"), "not for backup-srv\n", "rw-------");
        owner(root.resolve("etc/secret"), 1234, 5678);
        xattr(root.resolve("etc/secret"), "origin", "prod");
        xattr(root.resolve("etc"), "dir", "yes");
        dir(root.resolve("bin"), "rwxr-xr-x");
        file(root.resolve("bin/tool"), "#!/bin/sh\necho tool\n", "rwxr-xr-x");
        owner(root.resolve("bin/tool"), 0, 50);
        // setuid: java.nio has no setter for it, and chown would clear it, so chmod after chown
        new org.btrfssendbackup.core.process.LocalProcessRunner().run(
                org.btrfssendbackup.core.process.CommandLine.of("chmod", "4751", root.resolve("bin/tool").toString()));
        dir(root.resolve("var"), "rwxr-x---");
        random(root.resolve("var/data.bin"), 2 * 1024 * 1024, 1);
        Files.createLink(root.resolve("var/data-hardlink"), root.resolve("var/data.bin"));
        Files.writeString(root.resolve("var/log.txt"), "line of log text\n".repeat(20_000));
        sparse(root.resolve("var/sparse.img"), 16 * 1024 * 1024, 8 * 1024 * 1024);
        Files.createSymbolicLink(root.resolve("link-rel"), Path.of("etc/hostname"));
        Files.createSymbolicLink(root.resolve("link-abs"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("no/such/file"));
        owner(root.resolve("dangling"), 4321, 4321);
        dir(root.resolve("srv/empty"), "rwx------");
    }

    static void change1(Path root) throws IOException {
        Files.writeString(root.resolve("etc/hostname"), "prod-srv.example\n");
        Files.writeString(root.resolve("var/log.txt"), "appended line\n".repeat(500),
                java.nio.file.StandardOpenOption.APPEND);
        file(root.resolve("var/new.txt"), "new in change 1\n", "rw-rw-r--");
        Files.createLink(root.resolve("var/new-link"), root.resolve("var/new.txt"));
        Files.setPosixFilePermissions(root.resolve("etc/secret"), PosixFilePermissions.fromString("rw-r-----"));
        xattr(root.resolve("etc/secret"), "origin", "prod, changed");
        Files.move(root.resolve("bin/tool"), root.resolve("bin/tool2"));
        Files.delete(root.resolve("link-rel"));
        Files.createSymbolicLink(root.resolve("link-rel"), Path.of("var/new.txt"));
    }

    static void change2(Path root) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(root.resolve("var/data.bin").toFile(), "rw")) {
            f.seek(1024 * 1024);
            f.write(new byte[64 * 1024]); // overwrite the middle of a hard-linked file
        }
        sparse(root.resolve("var/sparse2.img"), 32 * 1024 * 1024, 30 * 1024 * 1024);
        Files.delete(root.resolve("srv/empty"));
        dir(root.resolve("srv/empty2"), "rwxr-x---");
        owner(root.resolve("var/new.txt"), 2000, 2000);
        Files.delete(root.resolve("var/data-hardlink"));
    }

    static void change3(Path root) throws IOException {
        Files.writeString(root.resolve("var/log.txt"), "rotated\n");
        random(root.resolve("var/big.bin"), 1024 * 1024, 3);
        Files.getFileAttributeView(root.resolve("etc/secret"), UserDefinedFileAttributeView.class).delete("origin");
        Files.createLink(root.resolve("var/big-link"), root.resolve("var/big.bin"));
    }






}
