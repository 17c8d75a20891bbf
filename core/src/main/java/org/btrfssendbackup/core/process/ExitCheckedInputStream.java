package org.btrfssendbackup.core.process;

import java.io.FilterInputStream;
import java.io.IOException;

/**
 * A child's stdout that turns the program's failure into a read error at end of stream.
 * Without it a {@code btrfs send} (or an {@code ssh get-stream}) that dies halfway looks like
 * a short, complete stream: the encoder would finish the OpenPGP message, integrity packet
 * and all, and a truncated backup would be stored or restored. Closing it early destroys the
 * child, so an abandoned transfer never lingers.
 */
public final class ExitCheckedInputStream extends FilterInputStream {

    private final RunningProcess process;

    public ExitCheckedInputStream(RunningProcess process) {
        super(process.stdout());
        this.process = process;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            checkExit();
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        int n = super.read(buffer, off, len);
        if (n < 0) {
            checkExit();
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            process.destroy();
        }
    }

    private void checkExit() throws IOException {
        try {
            process.await();
        } catch (ProcessFailedException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
