package org.btrfssendbackup.receiver.btrfs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.tools.Btrfs;
import org.btrfssendbackup.core.tools.SubvolumeInfo;

/**
 * What one set's directory under RECEIVED_ROOT holds. Only a read-only subvolume with a
 * received UUID and a snapshot name counts as a received snapshot; a subvolume that is still
 * writable is what an interrupted {@code btrfs receive} leaves (it sets the received UUID and
 * the read-only flag last), and anything else is not the receiver's and is left alone.
 */
public final class ReceivedSnapshots {

    /** Btrfs gives the root directory of every subvolume this inode number. */
    private static final long SUBVOLUME_ROOT_INODE = 256L;

    /** What a name in the set directory is. */
    sealed interface Entry {
        record Absent() implements Entry {
        }

        record Complete(ReceivedSnapshot snapshot) implements Entry {
        }

        /** A writable subvolume: the leftover of an interrupted receive. */
        record HalfReceived(Path path) implements Entry {
        }

        /** A file, a plain directory, or a read-only subvolume btrfs receive did not make. */
        record Foreign(Path path, String what) implements Entry {
        }
    }

    /**
     * @param complete received snapshots, oldest first
     * @param ignored  names of every other entry (hidden working files excepted), sorted
     */
    public record Scan(List<ReceivedSnapshot> complete, List<String> ignored) {
        public Scan {
            complete = List.copyOf(complete);
            ignored = List.copyOf(ignored);
        }

        Optional<SnapshotName> newest() {
            return complete.isEmpty() ? Optional.empty() : Optional.of(complete.get(complete.size() - 1).name());
        }
    }

    private final Btrfs btrfs;

    public ReceivedSnapshots(Btrfs btrfs) {
        this.btrfs = btrfs;
    }

    public Scan scan(Path setDirectory) throws IOException {
        List<ReceivedSnapshot> complete = new ArrayList<>();
        TreeSet<String> ignored = new TreeSet<>();
        for (String name : names(setDirectory)) {
            Optional<SnapshotName> snapshot = snapshotName(name);
            Entry entry = snapshot.isPresent() ? inspect(setDirectory, snapshot.get()) : null;
            if (entry instanceof Entry.Complete c) {
                complete.add(c.snapshot());
            } else {
                ignored.add(name);
            }
        }
        complete.sort(Comparator.comparing(ReceivedSnapshot::name));
        return new Scan(complete, List.copyOf(ignored));
    }

    Entry inspect(Path setDirectory, SnapshotName snapshot) {
        Path path = setDirectory.resolve(snapshot.value());
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return new Entry.Absent();
        }
        if (!isSubvolumeRoot(path)) {
            return new Entry.Foreign(path, "not a btrfs subvolume");
        }
        SubvolumeInfo info = btrfs.show(path);
        if (!info.readOnly()) {
            return new Entry.HalfReceived(path);
        }
        Optional<UUID> received = info.receivedUuid();
        if (received.isEmpty()) {
            return new Entry.Foreign(path, "a read-only subvolume without a received UUID (not made by btrfs receive)");
        }
        return new Entry.Complete(new ReceivedSnapshot(snapshot, path, received.get()));
    }

    /** Entry names of the directory, except hidden ones (the receiver's lock file); none if it is missing. */
    static TreeSet<String> names(Path directory) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".")) {
                    names.add(name);
                }
            }
        } catch (NoSuchFileException e) {
            return names;
        }
        return names;
    }

    static boolean isSubvolumeRoot(Path path) {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            Object inode = Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS);
            return inode instanceof Long l && l == SUBVOLUME_ROOT_INODE;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static Optional<SnapshotName> snapshotName(String name) {
        try {
            return Optional.of(SnapshotName.parse(name));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }
}
