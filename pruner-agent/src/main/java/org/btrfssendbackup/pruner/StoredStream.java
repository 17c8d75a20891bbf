package org.btrfssendbackup.pruner;

import java.util.Objects;
import java.util.Optional;
import org.btrfssendbackup.core.chain.RestorePoint;
import org.btrfssendbackup.core.layout.StreamFileName;

/**
 * One stream file of a set as the planner sees it.
 *
 * @param point    name, time, kind and parent (from the manifest, or the file name for a
 *                 manifest-less full stream)
 * @param file     the stream file's name
 * @param manifest the manifest's file name; empty when the stream has none (such a stream is
 *                 never deleted: see {@link StoredSetScanner})
 * @param bytes    stream file size plus manifest size: what deleting both frees
 */
public record StoredStream(RestorePoint point, StreamFileName file, Optional<String> manifest, long bytes) {

    public StoredStream {
        Objects.requireNonNull(point, "stored stream: point");
        Objects.requireNonNull(file, "stored stream: file");
        Objects.requireNonNull(manifest, "stored stream: manifest");
        if (!point.name().equals(file.snapshot().value())) {
            throw new IllegalArgumentException("stored stream " + file + ": point " + point.name() + " does not match");
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("stored stream " + file + ": negative size " + bytes);
        }
    }

    public String name() {
        return point.name();
    }

    /** Only a stream with its manifest is a complete pair the pruner may delete. */
    public boolean isDeletable() {
        return manifest.isPresent();
    }
}
