package org.btrfssendbackup.ops.demo;

import static org.btrfssendbackup.ops.tree.TreeFiles.chmod;
import static org.btrfssendbackup.ops.tree.TreeFiles.dir;
import static org.btrfssendbackup.ops.tree.TreeFiles.file;
import static org.btrfssendbackup.ops.tree.TreeFiles.owner;
import static org.btrfssendbackup.ops.tree.TreeFiles.random;
import static org.btrfssendbackup.ops.tree.TreeFiles.sparse;
import static org.btrfssendbackup.ops.tree.TreeFiles.xattr;
import static org.btrfssendbackup.ops.tree.TreeFiles.xattrs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;

/**
 * The data of the demo machine's @rootfs: small but varied, so that a restore that loses any
 * property of a file shows up in the comparison. Text files, a few MiB of random data, nested
 * and empty directories, symbolic links (relative, absolute, dangling), hard links, user
 * xattrs, a sparse file, and a setgid file owned by a numeric uid/gid no account has.
 *
 * <p>Then rounds of changes between backups, each touching other properties, so a chain of
 * incrementals carries every kind of change btrfs send can express. Random data is seeded:
 * two runs make the same tree.
 */
public final class DemoTree {

    /** How many change rounds {@link #change(Path, int)} knows. */
    public static final int ROUNDS = 5;

    private static final int MIB = 1024 * 1024;

    private DemoTree() {
    }

    /** Fills an empty subvolume. */
    public static void populate(Path root) throws IOException {
        dir(root.resolve("etc"), "rwxr-xr-x");
        file(root.resolve("etc/hostname"), "demo-srv\n", "rw-r--r--");
        file(root.resolve("etc/motd"), "Welcome to demo-srv.\nBackups run nightly at 02:05.\n", "rw-r--r--");
        file(root.resolve("etc/app.conf"), "listen=127.0.0.1:8080\nworkers=4\n", "rw-r-----");
        xattr(root.resolve("etc/app.conf"), "origin", "demo");
        xattr(root.resolve("etc"), "purpose", "configuration");
        dir(root.resolve("srv/data"), "rwxr-x---");
        random(root.resolve("srv/data/blob.bin"), 3 * MIB, 1);
        Files.createLink(root.resolve("srv/data/blob.hardlink"), root.resolve("srv/data/blob.bin"));
        Files.writeString(root.resolve("srv/data/access.log"), logLines(0, 20_000));
        sparse(root.resolve("srv/disk.img"), 64L * MIB, 32L * MIB);
        file(root.resolve("srv/odd-mode.sh"), "#!/bin/sh\necho odd\n", "rwxr-x--x");
        // numeric owner: no account on either host has these ids; chown first, because chown
        // clears the setgid bit
        owner(root.resolve("srv/odd-mode.sh"), 4711, 4712);
        chmod(root.resolve("srv/odd-mode.sh"), "2751");
        Files.createDirectories(root.resolve("docs/empty"));
        file(root.resolve("docs/README.txt"), "What this machine does.\n".repeat(50), "rw-r--r--");
        Files.createSymbolicLink(root.resolve("current-log"), Path.of("srv/data/access.log"));
        Files.createSymbolicLink(root.resolve("etc/localtime"), Path.of("/usr/share/zoneinfo/UTC"));
    }

    /**
     * Change round {@code n} (1..{@link #ROUNDS}), meant to be applied in order; rounds 1 and 5
     * also work right after {@link #populate}. Round 1 is the demo's change: content modified, a
     * file added, one deleted, one renamed. Round 5 adds 4 MiB of random data (a long stream).
     *
     * @return what the round changed, in words (the demo prints it)
     */
    public static List<String> change(Path root, int round) throws IOException {
        return switch (round) {
            case 1 -> round1(root);
            case 2 -> round2(root);
            case 3 -> round3(root);
            case 4 -> round4(root);
            case 5 -> round5(root);
            default -> throw new IllegalArgumentException("DemoTree has change rounds 1.." + ROUNDS + ", not " + round);
        };
    }

    private static List<String> round1(Path root) throws IOException {
        Files.writeString(root.resolve("etc/hostname"), "demo-srv.example.org\n");
        Files.writeString(root.resolve("srv/data/access.log"), logLines(20_000, 2_000), StandardOpenOption.APPEND);
        random(root.resolve("srv/data/upload.bin"), MIB, 2);
        Files.delete(root.resolve("docs/README.txt"));
        Files.move(root.resolve("etc/motd"), root.resolve("etc/motd.old"));
        return List.of("modified etc/hostname", "appended 2000 lines to srv/data/access.log",
                "added srv/data/upload.bin (1 MiB random)", "deleted docs/README.txt",
                "renamed etc/motd to etc/motd.old");
    }

    private static List<String> round2(Path root) throws IOException {
        Files.setPosixFilePermissions(root.resolve("etc/app.conf"), PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(root.resolve("srv/data"), PosixFilePermissions.fromString("rwx------"));
        owner(root.resolve("srv/data/upload.bin"), 2000, 2001);
        owner(root.resolve("current-log"), 3000, 3000); // a symlink's own owner
        xattr(root.resolve("etc/app.conf"), "origin", "demo, reviewed");
        xattr(root.resolve("srv/data/blob.bin"), "checksum", "seeded-1");
        xattrs(root.resolve("etc")).delete("purpose");
        return List.of("chmod etc/app.conf and srv/data", "chown srv/data/upload.bin and the current-log symlink",
                "changed, added and removed user xattrs");
    }

    private static List<String> round3(Path root) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(root.resolve("srv/data/blob.hardlink").toFile(), "rw")) {
            f.seek(MIB);
            f.write(new byte[64 * 1024]); // the middle of a hard-linked file
        }
        Files.delete(root.resolve("srv/data/blob.hardlink"));
        Files.createLink(root.resolve("srv/data/upload.link"), root.resolve("srv/data/upload.bin"));
        Files.createLink(root.resolve("etc/app.conf.link"), root.resolve("etc/app.conf"));
        sparse(root.resolve("srv/disk2.img"), 32L * MIB, 31L * MIB);
        try (RandomAccessFile f = new RandomAccessFile(root.resolve("srv/disk.img").toFile(), "rw")) {
            f.setLength(96L * MIB); // grows the hole at its end
            f.seek(80L * MIB);
            f.write("more data after a longer hole".getBytes(StandardCharsets.US_ASCII));
        }
        return List.of("overwrote the middle of a hard-linked file, then removed one of its names",
                "added hard links", "added a sparse file, grew another one");
    }

    private static List<String> round4(Path root) throws IOException {
        Files.delete(root.resolve("current-log"));
        Files.createSymbolicLink(root.resolve("current-log"), Path.of("srv/data/upload.bin"));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("no/such/file"));
        Files.delete(root.resolve("etc/localtime"));
        Files.createSymbolicLink(root.resolve("etc/localtime"), Path.of("/usr/share/zoneinfo/Europe/Paris"));
        Files.delete(root.resolve("docs/empty"));
        dir(root.resolve("docs/empty2/nested"), "rwxr-x---");
        return List.of("retargeted symlinks, added a dangling one", "replaced an empty directory by a nested one");
    }

    private static List<String> round5(Path root) throws IOException {
        random(root.resolve("srv/data/big-upload.bin"), 4 * MIB, 5);
        Files.writeString(root.resolve("srv/data/access.log"), "rotated\n");
        Files.move(root.resolve("etc/app.conf"), root.resolve("etc/app.conf.bak"));
        return List.of("added 4 MiB of random data", "rotated the log", "renamed etc/app.conf");
    }

    private static String logLines(int first, int count) {
        StringBuilder b = new StringBuilder();
        for (int i = first; i < first + count; i++) {
            b.append("2026-03-01T02:").append(String.format("%02d:%02d", (i / 60) % 60, i % 60))
                    .append(" GET /item/").append(i).append(" 200\n");
        }
        return b.toString();
    }








}
