package org.btrfssendbackup.receiver;

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
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;

/**
 * What one set's directory holds under final names. Stream files (not manifests) are the
 * truth for "what is stored", because the stream is renamed into place before its manifest.
 */
final class StoreCatalog {

    private final StoreLayout layout;

    StoreCatalog(StoreLayout layout) {
        this.layout = layout;
    }

    /** Every regular file with a valid stream file name, oldest first. */
    List<StreamFileName> streams(BackupSetName set) throws IOException {
        List<StreamFileName> found = new ArrayList<>();
        for (Path entry : entries(layout.setDirectory(set))) {
            StreamFileName.tryParse(entry.getFileName().toString())
                    .filter(f -> Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS))
                    .ifPresent(found::add);
        }
        found.sort(Comparator.comparing(StreamFileName::snapshot));
        return found;
    }

    /** Every regular file named SNAPSHOT.manifest, oldest first. */
    List<Path> manifests(BackupSetName set) throws IOException {
        List<SnapshotNamedPath> found = new ArrayList<>();
        for (Path entry : entries(layout.setDirectory(set))) {
            String name = entry.getFileName().toString();
            if (name.endsWith(StoreLayout.MANIFEST_SUFFIX) && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    SnapshotName snapshot = SnapshotName.parse(
                            name.substring(0, name.length() - StoreLayout.MANIFEST_SUFFIX.length()));
                    found.add(new SnapshotNamedPath(snapshot, entry));
                } catch (IllegalArgumentException notOurs) {
                    // not a manifest name we write: ignore, as for any foreign file
                }
            }
        }
        found.sort(Comparator.comparing(SnapshotNamedPath::snapshot));
        return found.stream().map(SnapshotNamedPath::path).toList();
    }

    /** Every regular file with a receiver temporary name ({@link StoreLayout#isTemporaryName}) in {@code dir}. */
    static List<Path> temporaries(Path dir) throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path entry : entries(dir)) {
            if (StoreLayout.isTemporaryName(entry.getFileName().toString())
                    && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                found.add(entry);
            }
        }
        return found;
    }

    Optional<SnapshotName> newest(BackupSetName set) throws IOException {
        List<StreamFileName> all = streams(set);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1).snapshot());
    }

    /** The stored stream of this snapshot, whichever kind it was stored as. */
    Optional<StreamFileName> streamOf(BackupSetName set, SnapshotName snapshot) {
        for (StreamKind kind : StreamKind.values()) {
            StreamFileName name = StreamFileName.of(snapshot, kind);
            if (Files.isRegularFile(layout.streamFile(set, name), LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    private static List<Path> entries(Path dir) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return entries;
    }

    private record SnapshotNamedPath(SnapshotName snapshot, Path path) {
    }
}
