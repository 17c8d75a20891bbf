package org.btrfssendbackup.pruner;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.btrfssendbackup.core.chain.RestorePoint;
import org.btrfssendbackup.core.integrity.CheckRecord;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.manifest.Manifest;

/**
 * One stream file of a set as the planner sees it.
 *
 * @param point    name, time, kind and parent (from the manifest, or the file name for a
 *                 manifest-less full stream)
 * @param file     the stream file's name
 * @param manifest the manifest's file name; empty when the stream has none (such a stream is
 *                 never deleted: see {@link StoredSetScanner})
 * @param bytes    stream file size plus manifest size: what deleting both frees
 * @param content  the manifest as read; empty when the stream has none (or it is unreadable)
 * @param lastCheck the stream's last integrity check (scrub or pre-deletion check), if any
 */
public record StoredStream(RestorePoint point, StreamFileName file, Optional<String> manifest, long bytes,
                           Optional<Manifest> content, Optional<CheckRecord> lastCheck) {

    public StoredStream {
        Objects.requireNonNull(point, "stored stream: point");
        Objects.requireNonNull(file, "stored stream: file");
        Objects.requireNonNull(manifest, "stored stream: manifest");
        Objects.requireNonNull(content, "stored stream: content");
        Objects.requireNonNull(lastCheck, "stored stream: lastCheck");
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

    /**
     * When the stream was last known good: its last passed check, else the upload itself (the
     * receiver compared sha256 with the producer's before writing the manifest); the epoch for
     * a seed manifest without a receive time, so such a stream is checked first.
     */
    public Instant lastVerified() {
        return lastCheck.map(CheckRecord::checkedAt)
                .orElseGet(() -> content.flatMap(Manifest::received).orElse(Instant.EPOCH));
    }

    /** Only a stream with its manifest is a complete pair the pruner may delete. */
    public boolean isDeletable() {
        return manifest.isPresent();
    }
}
