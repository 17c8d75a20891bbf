package org.btrfssendbackup.core.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream whose end is only an end once a check has passed: each read that reports end of
 * stream first runs {@link #atEnd()}, which throws to turn a false end (a child that failed,
 * bytes left behind the data) into a read error. Readers stop at the first end, so the check
 * runs where a truncated stream would otherwise pass for a complete one.
 */
public abstract class EndCheckedInputStream extends FilterInputStream {

    protected EndCheckedInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            atEnd();
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        int n = super.read(buffer, off, len);
        if (n < 0) {
            atEnd();
        }
        return n;
    }

    /** Runs when the wrapped stream reports its end; throws when that end is not a good one. */
    protected abstract void atEnd() throws IOException;
}
