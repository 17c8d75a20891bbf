package org.btrfssendbackup.core.tools;

import java.nio.file.Path;

/** Mounting and unmounting filesystems. */
public interface Mounts {

    void mount(Path device, Path directory);

    void unmount(Path directory);

    boolean isMountPoint(Path directory);
}
