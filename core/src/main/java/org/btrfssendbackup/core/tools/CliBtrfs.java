package org.btrfssendbackup.core.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.btrfssendbackup.core.process.CommandResult;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.process.RunningProcess;
import org.btrfssendbackup.core.process.StdinSource;
import org.btrfssendbackup.core.process.StdoutMode;

/** {@link Btrfs} through btrfs-progs on the process runner. */
public final class CliBtrfs implements Btrfs {

    private final ProcessRunner runner;

    public CliBtrfs(ProcessRunner runner) {
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    @Override
    public void createReadOnlySnapshot(Path source, Path destination) {
        runner.run(BtrfsArgs.snapshotReadOnly(source, destination));
    }

    @Override
    public RunningProcess send(Path snapshot, Optional<Path> parent) {
        return runner.start(BtrfsArgs.send(snapshot, parent), StdinSource.none(), StdoutMode.pipe());
    }

    @Override
    public RunningProcess receive(Path directory) {
        return runner.start(BtrfsArgs.receive(directory, true), StdinSource.pipe(), StdoutMode.discard());
    }

    @Override
    public void deleteSubvolume(Path subvolume) {
        runner.run(BtrfsArgs.deleteSubvolume(subvolume));
    }

    @Override
    public boolean isReadOnly(Path subvolume) {
        String out = runner.run(BtrfsArgs.getReadOnlyProperty(subvolume)).stdoutText().trim();
        return switch (out) {
            case "ro=true" -> true;
            case "ro=false" -> false;
            default -> throw new IllegalStateException(
                    "unexpected answer from `btrfs property get` for " + subvolume + ": '" + out + "'");
        };
    }

    @Override
    public SubvolumeInfo show(Path subvolume) {
        return SubvolumeShowParser.parse(runner.run(BtrfsArgs.showSubvolume(subvolume)).stdoutLines());
    }

    @Override
    public List<Path> listSnapshots(Path directory) {
        CommandResult r = runner.run(BtrfsArgs.listSubvolumesBelow(directory));
        // `list -o` prints paths relative to the filesystem's top level, and may include
        // subvolumes elsewhere in the same parent subvolume; keep those that are direct
        // children of the directory. The check on disk resolves the relative path safely.
        return SubvolumeListParser.paths(r.stdoutLines()).stream()
                .map(p -> p.getFileName().toString())
                .distinct()
                .map(directory::resolve)
                .filter(Files::isDirectory)
                .filter(this::isSubvolumeRoot)
                .sorted()
                .toList();
    }

    /** A subvolume's root directory always has inode number 256 on btrfs. */
    private boolean isSubvolumeRoot(Path dir) {
        try {
            Object ino = Files.getAttribute(dir, "unix:ino");
            return ino instanceof Long l && l == 256L;
        } catch (java.io.IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("cannot read the inode number of " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void sync(Path path) {
        runner.run(BtrfsArgs.filesystemSync(path));
    }
}
