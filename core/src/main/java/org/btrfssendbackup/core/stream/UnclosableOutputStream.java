package org.btrfssendbackup.core.stream;

import java.io.IOException;
import java.io.OutputStream;

/** Shields a caller-owned stream from close() calls of the layers stacked on top of it. */
final class UnclosableOutputStream extends OutputStream {
    private final OutputStream target;

    UnclosableOutputStream(OutputStream target) {
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
        target.flush();
    }
}
