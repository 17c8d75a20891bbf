package org.btrfssendbackup.core.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.btrfssendbackup.core.io.EndCheckedInputStream;

/**
 * A decompressor may stop at the end of its frame without reading its source to the end, and the
 * OpenPGP integrity check only runs at the end. So when the decompressed stream ends, read the
 * source to its end too (running the check) and refuse bytes after the compressed data.
 */
final class FullyConsumedInputStream extends EndCheckedInputStream {
    private final InputStream source;
    private final String name;

    FullyConsumedInputStream(InputStream decompressed, InputStream source, String name) {
        super(decompressed);
        this.source = source;
        this.name = name;
    }

    @Override
    protected void atEnd() throws IOException {
        long trailing = source.transferTo(OutputStream.nullOutputStream());
        if (trailing > 0) {
            throw new IOException("decoding " + name + ": " + trailing
                    + " unexpected bytes after the end of the compressed stream");
        }
    }
}
