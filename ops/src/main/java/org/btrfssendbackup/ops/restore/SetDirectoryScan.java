package org.btrfssendbackup.ops.restore;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.layout.StreamFileName;

/**
 * The regular files of one set directory sorted by name and by role: manifests
 * ({@code *.manifest}), stream files ({@code *.btrfs.gpg}), the receiver's temporaries
 * ({@code .NAME.partial-TOKEN}) and anything else. Subdirectories (nested sets) are left out.
 */
public record SetDirectoryScan(List<Path> manifests, List<Path> streams, List<Path> temporaries, List<Path> others) {

    public SetDirectoryScan {
        manifests = List.copyOf(manifests);
        streams = List.copyOf(streams);
        temporaries = List.copyOf(temporaries);
        others = List.copyOf(others);
    }

    public static SetDirectoryScan of(Path directory) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(entries::add);
        } catch (NoSuchFileException e) {
            return new SetDirectoryScan(List.of(), List.of(), List.of(), List.of());
        }
        entries.sort(null);
        List<Path> manifests = new ArrayList<>();
        List<Path> streams = new ArrayList<>();
        List<Path> temporaries = new ArrayList<>();
        List<Path> others = new ArrayList<>();
        for (Path entry : entries) {
            if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            String name = entry.getFileName().toString();
            if (StoreLayout.isTemporaryName(name)) {
                temporaries.add(entry);
            } else if (name.endsWith(StoreLayout.MANIFEST_SUFFIX)) {
                manifests.add(entry);
            } else if (name.endsWith(StreamFileName.SUFFIX)) {
                streams.add(entry);
            } else {
                others.add(entry);
            }
        }
        return new SetDirectoryScan(manifests, streams, temporaries, others);
    }
}
