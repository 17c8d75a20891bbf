package org.btrfssendbackup.core.tools;

import static org.btrfssendbackup.core.tools.ArgChecks.absolute;

import java.nio.file.Path;
import org.btrfssendbackup.core.process.CommandLine;

/** Command lines for mount, umount and mountpoint (util-linux). */
public final class MountArgs {

    /** util-linux 2.37+ exits 32 for "not a mountpoint"; older versions (and a missing path) exit 1. */
    public static final int NOT_A_MOUNTPOINT = 32;
    public static final int NOT_A_MOUNTPOINT_LEGACY = 1;

    private MountArgs() {
    }

    public static CommandLine mount(Path device, Path directory) {
        return CommandLine.of("mount", absolute("device", device), absolute("mount point", directory))
                .describedAs("mount " + device + " at " + directory);
    }

    public static CommandLine umount(Path directory) {
        return CommandLine.of("umount", absolute("mount point", directory))
                .describedAs("unmount " + directory);
    }

    /** Lazy unmount: detaches now, cleans up when the last user goes (only for cleanup paths). */
    public static CommandLine umountLazy(Path directory) {
        return CommandLine.of("umount", "-l", absolute("mount point", directory))
                .describedAs("lazily unmount " + directory);
    }

    public static CommandLine isMountPoint(Path directory) {
        return CommandLine.of("mountpoint", "-q", absolute("directory", directory))
                .describedAs("check whether " + directory + " is a mount point")
                .acceptingExitStatus(NOT_A_MOUNTPOINT, NOT_A_MOUNTPOINT_LEGACY);
    }
}
