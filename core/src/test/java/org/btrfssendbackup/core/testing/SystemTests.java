package org.btrfssendbackup.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Preconditions of tests that need the real system (root, btrfs, sshd, gpg ...). Normally a
 * missing precondition skips the test; with {@code BTRFS_BACKUP_SYSTEM_TESTS=required} (CI, and
 * this project's own machines) it FAILS, so a silently skipped system test cannot pass a build.
 */
public final class SystemTests {

    public static final String ENV = "BTRFS_BACKUP_SYSTEM_TESTS";

    private SystemTests() {
    }

    public static boolean required() {
        return "required".equals(System.getenv(ENV));
    }

    public static void assumeRoot() {
        check(isRoot(), "this test needs root");
    }

    /** The program must be found on PATH. */
    public static void assumeTool(String program) {
        check(onPath(program), "this test needs '" + program + "' on PATH");
    }

    /** Root plus everything {@link org.btrfssendbackup.core.lab.LoopBtrfs} runs. */
    public static void assumeLoopBtrfs() {
        assumeRoot();
        for (String tool : new String[] {"btrfs", "mkfs.btrfs", "losetup", "mount", "umount"}) {
            assumeTool(tool);
        }
    }

    public static boolean isRoot() {
        try {
            // /proc/self belongs to the uid this JVM runs as.
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    public static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        return Arrays.stream(path.split(":"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, program))
                .anyMatch(p -> Files.isRegularFile(p) && Files.isExecutable(p));
    }

    private static void check(boolean ok, String why) {
        if (ok) {
            return;
        }
        if (required()) {
            Assertions.fail(why + " (" + ENV + "=required, so this is a failure, not a skip)");
        }
        Assumptions.assumeTrue(false, why);
    }
}
