package org.btrfssendbackup.producer.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.core.process.RunningProcess;

/**
 * The stdout of {@code btrfs send} that turns the program's failure into a read error. Without
 * it a send that dies halfway looks like a short, complete stream: the encoder would finish the
 * OpenPGP message (integrity packet and all) and the receiver would store a truncated backup.
 * With it the encoder fails before the end, so the upload is never completed.
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

    private void checkExit() throws IOException {
        try {
            process.await();
        } catch (ProcessFailedException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
