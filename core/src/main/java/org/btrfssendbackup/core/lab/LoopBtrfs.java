package org.btrfssendbackup.core.lab;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.btrfssendbackup.core.files.FileTrees;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.tools.MountArgs;

/**
 * A fresh btrfs filesystem for the demo or one test: a sparse image file, mkfs.btrfs, a loop
 * device, and a mount in a temporary directory. {@link #close()} unmounts (retrying while busy,
 * then lazily), detaches the loop device and deletes everything, even after failures; a JVM
 * shutdown hook closes whatever a crashed demo or test left open. Needs root and btrfs-progs
 * (tests check both first with core's test-jar SystemTests.assumeLoopBtrfs()).
 *
 * <p>The image lives under {@code $BTRFS_BACKUP_TEST_TMP} if set, else java.io.tmpdir.
 */
public final class LoopBtrfs implements AutoCloseable {

    public static final long DEFAULT_SIZE = 256L * 1024 * 1024;

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
    private static final int UMOUNT_ATTEMPTS = 5;
    private static final Set<LoopBtrfs> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(LoopBtrfs::closeQuietly),
                "loop-btrfs-cleanup"));
    }

    private final ProcessRunner runner = new LocalProcessRunner();
    private final Path directory;
    private final Path image;
    private final Path mountPoint;
    private Path device;
    private boolean mounted;
    private boolean closed;

    private LoopBtrfs(Path directory) {
        this.directory = directory;
        this.image = directory.resolve("btrfs.img");
        this.mountPoint = directory.resolve("mnt");
    }

    public static LoopBtrfs create() {
        return create(DEFAULT_SIZE);
    }

    public static LoopBtrfs create(long sizeBytes) {
        return create(sizeBytes, false);
    }

    /**
     * @param mixed data and metadata share block groups (mkfs.btrfs --mixed): filling the data
     *              also fills the metadata, so a snapshot then fails with ENOSPC, as on a full prod disk
     */
    public static LoopBtrfs create(long sizeBytes, boolean mixed) {
        Path dir;
        try {
            String base = System.getenv("BTRFS_BACKUP_TEST_TMP");
            dir = base == null || base.isEmpty()
                    ? Files.createTempDirectory("loop-btrfs-")
                    : Files.createTempDirectory(Path.of(base), "loop-btrfs-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary directory for a btrfs image", e);
        }
        LoopBtrfs fs = new LoopBtrfs(dir);
        OPEN.add(fs);
        try {
            fs.setUp(sizeBytes, mixed);
            return fs;
        } catch (RuntimeException | IOException e) {
            try {
                fs.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new IllegalStateException("cannot create a loop-mounted btrfs in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void setUp(long sizeBytes, boolean mixed) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(sizeBytes); // sparse, like truncate(1)
        }
        run(mixed ? CommandLine.of("mkfs.btrfs", "-q", "-f", "--mixed", image.toString())
                : CommandLine.of("mkfs.btrfs", "-q", "-f", image.toString()));
        device = Path.of(run(CommandLine.of("losetup", "--find", "--show", image.toString())).trim());
        Files.createDirectories(mountPoint);
        run(MountArgs.mount(device, mountPoint));
        mounted = true;
    }

    /** The root of the mounted filesystem (its top-level subvolume, id 5). */
    public Path mountPoint() {
        return mountPoint;
    }

    /** The loop device, e.g. /dev/loop3. */
    public Path device() {
        return device;
    }

    public Path image() {
        return image;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        List<Exception> problems = new ArrayList<>();
        if (mounted) {
            try {
                unmount();
                mounted = false;
            } catch (RuntimeException e) {
                problems.add(e);
            }
        }
        if (device != null) {
            try {
                run(CommandLine.of("losetup", "-d", device.toString()));
                device = null;
            } catch (RuntimeException e) {
                problems.add(e);
            }
        }
        if (mounted) {
            // Never walk into a filesystem that is still mounted: that would delete its content.
            problems.add(new IllegalStateException("left " + directory + " in place: still mounted"));
        } else {
            try {
                FileTrees.deleteTree(directory);
            } catch (IOException | RuntimeException e) {
                problems.add(e);
            }
        }
        closed = true;
        OPEN.remove(this);
        if (!problems.isEmpty()) {
            IllegalStateException e = new IllegalStateException("cleanup of loop btrfs " + image
                    + " was incomplete: " + problems.get(0).getMessage());
            problems.forEach(e::addSuppressed);
            throw e;
        }
    }

    private void unmount() {
        ProcessFailedException last = null;
        for (int attempt = 0; attempt < UMOUNT_ATTEMPTS; attempt++) {
            try {
                run(MountArgs.umount(mountPoint));
                return;
            } catch (ProcessFailedException e) {
                last = e; // typically "target is busy": a process still has a file open
                sleep(200L * (attempt + 1));
            }
        }
        try {
            run(MountArgs.umountLazy(mountPoint));
        } catch (ProcessFailedException e) {
            e.addSuppressed(last);
            throw e;
        }
    }

    private String run(CommandLine command) {
        return runner.run(command.withTimeout(COMMAND_TIMEOUT)).stdoutText();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(LoopBtrfs fs) {
        try {
            fs.close();
        } catch (RuntimeException e) {
            System.err.println("loop-btrfs cleanup at exit: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "LoopBtrfs[" + image + " on " + device + " at " + mountPoint + "]";
    }
}
