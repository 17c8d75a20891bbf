package org.btrfssendbackup.core.stream;

import java.io.IOException;
import java.io.OutputStream;
import org.btrfssendbackup.core.io.PassThroughOutputStream;

/** Shields a caller-owned stream from close() calls of the layers stacked on top of it. */
final class UnclosableOutputStream extends PassThroughOutputStream {

    UnclosableOutputStream(OutputStream target) {
        super(target);
    }

    @Override
    public void close() throws IOException {
        target.flush();
    }
}
