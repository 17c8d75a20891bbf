package org.btrfssendbackup.ops.year;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.layout.StreamFileName;

/**
 * What one set directory holds, read straight from the file names (not through the pruner's
 * scanner, which is under test): stream files by snapshot, manifests, and anything else.
 */
record StoredFiles(Map<String, StreamFileName> streams, List<String> manifests, List<String> others) {

    /** Files that belong in a set directory besides streams and manifests: the receiver's set lock. */
    static final List<String> EXPECTED_OTHERS = List.of(".put-stream.lock");

    static StoredFiles read(Path setDirectory) throws IOException {
        Map<String, StreamFileName> streams = new TreeMap<>();
        List<String> manifests = new ArrayList<>();
        List<String> others = new ArrayList<>();
        if (!Files.isDirectory(setDirectory)) {
            return new StoredFiles(streams, manifests, others);
        }
        try (Stream<Path> entries = Files.list(setDirectory)) {
            for (String name : entries.map(p -> p.getFileName().toString()).sorted().toList()) {
                if (name.endsWith(StreamFileName.SUFFIX)) {
                    StreamFileName file = StreamFileName.parse(name);
                    streams.put(file.snapshot().value(), file);
                } else if (name.endsWith(StoreLayout.MANIFEST_SUFFIX)) {
                    manifests.add(name.substring(0, name.length() - StoreLayout.MANIFEST_SUFFIX.length()));
                } else if (!EXPECTED_OTHERS.contains(name)) {
                    others.add(name);
                }
            }
        }
        return new StoredFiles(streams, manifests, others);
    }

    /** Snapshot names that have a stream file, oldest first (names sort by time within a set). */
    List<String> snapshots() {
        return List.copyOf(streams.keySet());
    }
}
