package org.btrfssendbackup.core.tools;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.btrfssendbackup.core.process.RunningProcess;

/** The btrfs operations the agents need. Failures are ProcessFailedException. */
public interface Btrfs {

    void createReadOnlySnapshot(Path source, Path destination);

    /**
     * Starts {@code btrfs send}; read the stream from {@link RunningProcess#stdout()} to the end,
     * then {@link RunningProcess#await()}.
     */
    RunningProcess send(Path snapshot, Optional<Path> parent);

    /**
     * Starts {@code btrfs receive -e} into a directory; write the stream to
     * {@link RunningProcess#stdin()}, then {@link RunningProcess#await()}.
     */
    RunningProcess receive(Path directory);

    void deleteSubvolume(Path subvolume);

    boolean isReadOnly(Path subvolume);

    SubvolumeInfo show(Path subvolume);

    /** Subvolumes directly inside {@code directory}, sorted by name. */
    List<Path> listSnapshots(Path directory);

    void sync(Path path);
}
