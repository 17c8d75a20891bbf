package org.btrfssendbackup.receiver.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SetDirectoryListing;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;

/**
 * What one set's directory holds under final names. Stream files (not manifests) are the
 * truth for "what is stored", because the stream is renamed into place before its manifest.
 */
public final class StoreCatalog {

    private final StoreLayout layout;

    public StoreCatalog(StoreLayout layout) {
        this.layout = layout;
    }

    /** Every regular file with a valid stream file name, oldest first. */
    public List<StreamFileName> streams(BackupSetName set) throws IOException {
        return SetDirectoryListing.of(layout.setDirectory(set)).streamFiles();
    }

    /** Every regular file named SNAPSHOT.manifest, oldest first. */
    public List<Path> manifests(BackupSetName set) throws IOException {
        return SetDirectoryListing.of(layout.setDirectory(set)).manifests().stream()
                .sorted(Comparator.comparing((Path p) -> SetDirectoryListing.manifestSnapshot(p.getFileName().toString())
                        .orElseThrow()))
                .toList();
    }

    public Optional<SnapshotName> newest(BackupSetName set) throws IOException {
        List<StreamFileName> all = streams(set);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1).snapshot());
    }

    /** The stored stream of this snapshot, whichever kind it was stored as. */
    public Optional<StreamFileName> streamOf(BackupSetName set, SnapshotName snapshot) {
        for (StreamKind kind : StreamKind.values()) {
            StreamFileName name = StreamFileName.of(snapshot, kind);
            if (Files.isRegularFile(layout.streamFile(set, name), LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }
}
