package org.btrfssendbackup.core.process;

import java.io.IOException;
import org.btrfssendbackup.core.io.EndCheckedInputStream;

/**
 * A child's stdout that turns the program's failure into a read error at end of stream.
 * Without it a {@code btrfs send} (or an {@code ssh get-stream}) that dies halfway looks like
 * a short, complete stream: the encoder would finish the OpenPGP message, integrity packet
 * and all, and a truncated backup would be stored or restored. Closing it early destroys the
 * child, so an abandoned transfer never lingers.
 */
public final class ExitCheckedInputStream extends EndCheckedInputStream {

    private final RunningProcess process;

    public ExitCheckedInputStream(RunningProcess process) {
        super(process.stdout());
        this.process = process;
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            process.destroy();
        }
    }

    /** The end of stdout is the end of the stream only if the program succeeded. */
    @Override
    protected void atEnd() throws IOException {
        try {
            process.await();
        } catch (ProcessFailedException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
