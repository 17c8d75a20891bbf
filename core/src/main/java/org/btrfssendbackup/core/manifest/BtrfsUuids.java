package org.btrfssendbackup.core.manifest;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * btrfs subvolume UUIDs of a snapshot and its parent, where the producer knows them; they let
 * a restore check that an incremental stream applies on top of the right received parent.
 */
public record BtrfsUuids(Optional<String> snapshotUuid, Optional<String> parentUuid) {

    public static final BtrfsUuids NONE = new BtrfsUuids(Optional.empty(), Optional.empty());

    private static final Pattern UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public BtrfsUuids {
        Objects.requireNonNull(snapshotUuid, "snapshotUuid");
        Objects.requireNonNull(parentUuid, "parentUuid");
        check("snapshot uuid", snapshotUuid);
        check("parent uuid", parentUuid);
    }

    private static void check(String what, Optional<String> uuid) {
        if (uuid.isPresent() && !UUID.matcher(uuid.get()).matches()) {
            throw new IllegalArgumentException("btrfs " + what + " '" + uuid.get() + "' is not a lower-case UUID");
        }
    }
}
