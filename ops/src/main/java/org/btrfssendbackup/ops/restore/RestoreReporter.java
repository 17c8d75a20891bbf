package org.btrfssendbackup.ops.restore;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.OptionalLong;

/** Where a restore tells the operator what it does: notes, and transfer progress. */
public interface RestoreReporter {

    void note(String line);

    /** Called with the stored bytes read so far of the current file. */
    void progress(String file, long bytes, OptionalLong total);

    /** The current file is done (successfully or not). */
    void finished(String file);

    static RestoreReporter silent() {
        return new RestoreReporter() {
            @Override
            public void note(String line) {
            }

            @Override
            public void progress(String file, long bytes, OptionalLong total) {
            }

            @Override
            public void finished(String file) {
            }
        };
    }

    /**
     * Notes as lines on {@code err}; with {@code interactive}, also a progress line (bytes,
     * percent, rate) rewritten in place at most once a second.
     */
    static RestoreReporter to(PrintStream err, boolean interactive) {
        return new TerminalReporter(new PrintWriter(err, true), interactive);
    }

    static RestoreReporter to(PrintWriter err, boolean interactive) {
        return new TerminalReporter(err, interactive);
    }
}
