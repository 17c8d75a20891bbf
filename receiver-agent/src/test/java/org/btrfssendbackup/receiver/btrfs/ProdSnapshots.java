package org.btrfssendbackup.receiver.btrfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.process.RunningProcess;
import org.btrfssendbackup.core.tools.Btrfs;
import org.btrfssendbackup.core.tools.CliBtrfs;

/**
 * The prod-srv side of remote-btrfs tests: a source subvolume on a btrfs, read-only snapshots
 * of it named like the producer's, and their real {@code btrfs send} streams.
 */
final class ProdSnapshots {

    final Path source;
    final Path snapshotDir;
    final ProcessRunner runner = new LocalProcessRunner();
    final Btrfs btrfs = new CliBtrfs(runner);

    ProdSnapshots(Path btrfsDirectory) throws IOException {
        source = btrfsDirectory.resolve("rootfs");
        snapshotDir = Files.createDirectories(btrfsDirectory.resolve("snapshots"));
        runner.run(CommandLine.of("btrfs", "subvolume", "create", source.toString()));
    }

    /** Writes {@code content} to {@code file} in the source, then snapshots it read-only as {@code name}. */
    Path snapshot(String name, String file, String content) throws IOException {
        Files.writeString(source.resolve(file), content);
        Path snapshot = snapshotDir.resolve(name);
        btrfs.createReadOnlySnapshot(source, snapshot);
        return snapshot;
    }

    byte[] fullStream(String name) throws IOException {
        return send(snapshotDir.resolve(name), Optional.empty());
    }

    byte[] incrementalStream(String name, String parent) throws IOException {
        return send(snapshotDir.resolve(name), Optional.of(snapshotDir.resolve(parent)));
    }

    private byte[] send(Path snapshot, Optional<Path> parent) throws IOException {
        try (RunningProcess send = btrfs.send(snapshot, parent); InputStream stream = send.stdout()) {
            byte[] bytes = stream.readAllBytes();
            send.await();
            return bytes;
        }
    }
}
