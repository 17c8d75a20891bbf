package org.btrfssendbackup.core.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The LUKS volume of remote-btrfs mode on backup-srv.
 *
 * @param receivedRoot where {@code btrfs receive} writes; always inside {@code mountPoint}, so
 *                     plaintext never lands on the unencrypted disk when the volume is not mounted
 */
public record LuksSettings(Path device, String mappingName, Path mountPoint, Path receivedRoot) {

    public LuksSettings {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(mappingName, "mappingName");
        Objects.requireNonNull(mountPoint, "mountPoint");
        Objects.requireNonNull(receivedRoot, "receivedRoot");
        if (!receivedRoot.startsWith(mountPoint) || receivedRoot.equals(mountPoint)) {
            throw new IllegalArgumentException("RECEIVED_ROOT " + receivedRoot + " must be inside LUKS_MOUNT " + mountPoint);
        }
    }
}
