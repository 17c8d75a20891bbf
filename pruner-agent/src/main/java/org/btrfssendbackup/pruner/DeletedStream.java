package org.btrfssendbackup.pruner;

import java.util.Objects;
import org.btrfssendbackup.core.layout.StreamFileName;

/**
 * A stream file deleted with its manifest (or, in a dry run, one that would be).
 *
 * @param file  the stream file
 * @param bytes stream plus manifest size
 */
public record DeletedStream(StreamFileName file, long bytes) {

    public DeletedStream {
        Objects.requireNonNull(file, "deleted stream: file");
        if (bytes < 0) {
            throw new IllegalArgumentException("deleted stream " + file + ": negative size " + bytes);
        }
    }

    public String snapshot() {
        return file.snapshot().value();
    }
}
