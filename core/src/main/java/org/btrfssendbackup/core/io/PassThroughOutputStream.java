package org.btrfssendbackup.core.io;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Hands every write, flush and close on to {@code target} as it comes, so a layer overrides only
 * what it adds (hashing, a close that only flushes, a close that ends nested packets). Not
 * {@link java.io.FilterOutputStream}: that one splits an array write into single-byte writes,
 * which the stream pipeline cannot afford.
 */
public abstract class PassThroughOutputStream extends OutputStream {

    protected final OutputStream target;

    protected PassThroughOutputStream(OutputStream target) {
        this.target = target;
    }

    @Override
    public void write(int b) throws IOException {
        target.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        target.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        target.flush();
    }

    @Override
    public void close() throws IOException {
        target.close();
    }
}
