package org.btrfssendbackup.core.stream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A decompressor may stop at the end of its frame without reading its source to the end, and the
 * OpenPGP integrity check only runs at the end. So when the decompressed stream ends, read the
 * source to its end too (running the check) and refuse bytes after the compressed data.
 */
final class FullyConsumedInputStream extends FilterInputStream {
    private final InputStream source;
    private final String name;

    FullyConsumedInputStream(InputStream decompressed, InputStream source, String name) {
        super(decompressed);
        this.source = source;
        this.name = name;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            drainSource();
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            drainSource();
        }
        return n;
    }

    private void drainSource() throws IOException {
        long trailing = source.transferTo(OutputStream.nullOutputStream());
        if (trailing > 0) {
            throw new IOException("decoding " + name + ": " + trailing
                    + " unexpected bytes after the end of the compressed stream");
        }
    }
}
