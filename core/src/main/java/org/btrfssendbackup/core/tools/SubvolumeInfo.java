package org.btrfssendbackup.core.tools;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What {@code btrfs subvolume show} says about one subvolume.
 *
 * @param receivedUuid set by {@code btrfs receive} on a completely received subvolume; the
 *                     mark that tells a finished receive from a half-received one
 */
public record SubvolumeInfo(String name, UUID uuid, Optional<UUID> parentUuid, Optional<UUID> receivedUuid,
                            long generation, boolean readOnly) {

    public SubvolumeInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(parentUuid, "parentUuid");
        Objects.requireNonNull(receivedUuid, "receivedUuid");
    }
}
