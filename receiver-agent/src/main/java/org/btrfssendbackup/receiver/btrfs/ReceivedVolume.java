package org.btrfssendbackup.receiver.btrfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.btrfssendbackup.core.tools.Btrfs;
import org.btrfssendbackup.receiver.luks.LuksVolume;

/**
 * What receive and prune-received both work on: the received snapshots (RECEIVED_ROOT/SET/NAME)
 * on the LUKS volume, the btrfs that writes and deletes them, and the catalog that reads them.
 */
public record ReceivedVolume(LuksVolume volume, Btrfs btrfs, ReceivedSnapshots catalog) {

    public static ReceivedVolume on(LuksVolume volume, Btrfs btrfs) {
        return new ReceivedVolume(volume, btrfs, new ReceivedSnapshots(btrfs));
    }

    /**
     * RECEIVED_ROOT/SET, created (root, 0750) when the set's first snapshot arrives; the volume
     * must be mounted, else {@code operation} is refused.
     */
    Path setDirectory(String operation, String set) throws IOException {
        volume.requireMounted(operation);
        Path dir = volume.settings().receivedRoot().resolve(set);
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        return dir;
    }
}
