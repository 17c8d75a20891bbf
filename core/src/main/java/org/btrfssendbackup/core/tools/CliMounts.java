package org.btrfssendbackup.core.tools;

import java.nio.file.Path;
import java.util.Objects;
import org.btrfssendbackup.core.process.ProcessRunner;

/** {@link Mounts} through util-linux mount, umount and mountpoint. */
public final class CliMounts implements Mounts {

    private final ProcessRunner runner;

    public CliMounts(ProcessRunner runner) {
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    @Override
    public void mount(Path device, Path directory) {
        runner.run(MountArgs.mount(device, directory));
    }

    @Override
    public void unmount(Path directory) {
        runner.run(MountArgs.umount(directory));
    }

    @Override
    public boolean isMountPoint(Path directory) {
        return runner.run(MountArgs.isMountPoint(directory)).exitStatus() == 0;
    }
}
