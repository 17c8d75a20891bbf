package org.btrfssendbackup.ops.year;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * What prod-srv's data does between two backups, seeded: a few files rewritten or appended to,
 * sometimes one created, deleted or renamed, a mode, owner, xattr or symlink changed. Small
 * (a few KB a day) so that btrfs send and receive stay fast over a year; every snapshot also
 * differs from all others (etc/run.txt names it), so a restore of the wrong point cannot pass.
 */
final class DailyChanges {

    private static final int INITIAL_FILES = 40;
    private static final int MAX_FILES = 80;
    private static final String[] DIRECTORIES = {"etc", "var/lib/app", "var/log", "srv/www", "home/alice"};

    private final Path root;
    private final Random random;
    private int created;

    DailyChanges(Path root, long seed) {
        this.root = root;
        this.random = new Random(seed);
    }

    /** The first day's tree: a few directories of small files, a symlink, a hard link, an xattr. */
    void populate() throws IOException {
        for (String dir : DIRECTORIES) {
            Files.createDirectories(root.resolve(dir));
        }
        for (int i = 0; i < INITIAL_FILES; i++) {
            createFile();
        }
        Files.createSymbolicLink(root.resolve("etc/current"), Path.of("../var/log/app-0.log"));
        Files.writeString(root.resolve("var/lib/app/shared.db"), "shared\n");
        Files.createLink(root.resolve("srv/www/shared.db"), root.resolve("var/lib/app/shared.db"));
        xattr(root.resolve("etc"), "purpose", "config");
        Files.createDirectories(root.resolve("srv/empty"));
    }

    /** One day's changes; {@code label} (the snapshot about to be taken) goes into etc/run.txt. */
    void apply(String label) throws IOException {
        Files.writeString(root.resolve("etc/run.txt"), label + "\n");
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            Path file = anyFile();
            if (random.nextBoolean()) {
                Files.write(file, bytes(200 + random.nextInt(3000)));
            } else {
                Files.writeString(file, "appended " + label + "\n", StandardOpenOption.APPEND);
            }
        }
        Files.writeString(root.resolve("var/lib/app/shared.db"), "shared " + label + "\n", StandardOpenOption.APPEND);
        switch (random.nextInt(8)) {
            case 0 -> createFile();
            case 1 -> {
                if (files().size() > INITIAL_FILES / 2) {
                    Files.delete(anyFile());
                }
            }
            case 2 -> {
                Path from = anyFile();
                Files.move(from, root.resolve(DIRECTORIES[random.nextInt(DIRECTORIES.length)])
                        .resolve("moved-" + (created++) + ".dat"));
            }
            case 3 -> Files.setPosixFilePermissions(anyFile(),
                    PosixFilePermissions.fromString(random.nextBoolean() ? "rw-------" : "rw-r--r--"));
            case 4 -> xattr(anyFile(), "tag", label);
            case 5 -> {
                Path link = root.resolve("etc/current");
                Files.delete(link);
                Files.createSymbolicLink(link, root.relativize(anyFile()));
            }
            case 6 -> Files.setAttribute(anyFile(), "unix:uid", 1000 + random.nextInt(5), LinkOption.NOFOLLOW_LINKS);
            default -> {
                // a quiet day: only the edits above
            }
        }
        if (files().size() > MAX_FILES) {
            Files.delete(anyFile());
        }
    }

    private void createFile() throws IOException {
        Path file = root.resolve(DIRECTORIES[random.nextInt(DIRECTORIES.length)]).resolve("file-" + (created++) + ".dat");
        Files.write(file, bytes(100 + random.nextInt(4000)));
    }

    /** A random data file (not the fixed ones: the run label, the hard-linked pair). */
    private Path anyFile() throws IOException {
        List<Path> files = files();
        return files.get(random.nextInt(files.size()));
    }

    private List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> p.getFileName().toString().endsWith(".dat"))
                    .sorted()
                    .forEach(files::add);
        }
        return files;
    }

    private byte[] bytes(int size) {
        byte[] data = new byte[size];
        random.nextBytes(data);
        return data;
    }

    private static void xattr(Path path, String name, String value) throws IOException {
        Files.getFileAttributeView(path, UserDefinedFileAttributeView.class)
                .write(name, ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
    }
}
