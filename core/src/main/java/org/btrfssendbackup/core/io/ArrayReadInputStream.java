package org.btrfssendbackup.core.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream layer that does its work (hash, time, check) in the array read only: the one-byte
 * read is a read of one byte into an array, so no byte can pass the layer without that work.
 */
public abstract class ArrayReadInputStream extends FilterInputStream {

    protected ArrayReadInputStream(InputStream in) {
        super(in);
    }

    @Override
    public final int read() throws IOException {
        return OneByteRead.through(this);
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;
}
