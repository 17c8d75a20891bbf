package org.btrfssendbackup.core.layout;

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

/**
 * The one reader of a set directory: every entry sorted by name into its role. The receiver
 * (what is stored, what `list` shows), the pruner (what it plans over) and verify and restore all
 * see a set through this, so they cannot disagree on what a file is.
 * <ul>
 * <li>{@code streams}: regular files whose name is a stream file name ({@code SNAPSHOT.KIND.btrfs.gpg});</li>
 * <li>{@code manifests}: regular files named {@code SNAPSHOT.manifest};</li>
 * <li>{@code temporaries}: regular files named like the receiver's work in progress ({@code .NAME.partial-TOKEN});</li>
 * <li>{@code pruningIntents}: the pruner's interrupted deletions ({@code .SNAPSHOT.manifest.pruning});</li>
 * <li>{@code others}: any other regular file (an operator's, a name the store never writes);</li>
 * <li>{@code irregular}: symbolic links and special files, whatever their name (the store holds none).</li>
 * </ul>
 * The upload lock file and subdirectories (nested sets, an operator's) are in no list.
 * A directory that does not exist lists as empty.
 */
public record SetDirectoryListing(List<Path> streams, List<Path> manifests, List<Path> temporaries,
                                  List<Path> pruningIntents, List<Path> others, List<Path> irregular) {

    public SetDirectoryListing {
        streams = List.copyOf(streams);
        manifests = List.copyOf(manifests);
        temporaries = List.copyOf(temporaries);
        pruningIntents = List.copyOf(pruningIntents);
        others = List.copyOf(others);
        irregular = List.copyOf(irregular);
    }

    public static SetDirectoryListing of(Path directory) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(entries::add);
        } catch (NoSuchFileException gone) {
            return new SetDirectoryListing(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        }
        entries.sort(Comparator.comparing(p -> p.getFileName().toString()));
        List<Path> streams = new ArrayList<>();
        List<Path> manifests = new ArrayList<>();
        List<Path> temporaries = new ArrayList<>();
        List<Path> intents = new ArrayList<>();
        List<Path> others = new ArrayList<>();
        List<Path> irregular = new ArrayList<>();
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) || name.equals(StoreLayout.UPLOAD_LOCK_FILE)) {
                continue;
            }
            if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                irregular.add(entry);
            } else if (StoreLayout.isTemporaryName(name)) {
                temporaries.add(entry);
            } else if (StoreLayout.isPruningIntentName(name)) {
                intents.add(entry);
            } else if (StreamFileName.tryParse(name).isPresent()) {
                streams.add(entry);
            } else if (manifestSnapshot(name).isPresent()) {
                manifests.add(entry);
            } else {
                others.add(entry);
            }
        }
        return new SetDirectoryListing(streams, manifests, temporaries, intents, others, irregular);
    }

    /** The stream files' names, oldest snapshot first. */
    public List<StreamFileName> streamFiles() {
        return streams.stream().map(p -> StreamFileName.parse(p.getFileName().toString()))
                .sorted(Comparator.comparing(StreamFileName::snapshot)).toList();
    }

    /** The snapshot a manifest file name describes, if it is one: {@code SNAPSHOT.manifest}. */
    public static Optional<SnapshotName> manifestSnapshot(String fileName) {
        if (!fileName.endsWith(StoreLayout.MANIFEST_SUFFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(SnapshotName.parse(
                    fileName.substring(0, fileName.length() - StoreLayout.MANIFEST_SUFFIX.length())));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }
}
