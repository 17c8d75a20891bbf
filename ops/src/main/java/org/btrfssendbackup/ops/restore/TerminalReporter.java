package org.btrfssendbackup.ops.restore;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.OptionalLong;

/** Progress for a person at a terminal: one line rewritten with '\r', at most once a second. */
final class TerminalReporter implements RestoreReporter {

    private static final long INTERVAL_NANOS = 1_000_000_000L;
    private static final double MIB = 1024.0 * 1024.0;

    private final PrintWriter err;
    private final boolean interactive;
    private long startNanos;
    private long lastPrintNanos;
    private String currentFile;
    private boolean lineOpen;

    TerminalReporter(PrintWriter err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    @Override
    public synchronized void note(String line) {
        endLine();
        err.println(line);
    }

    @Override
    public synchronized void progress(String file, long bytes, OptionalLong total) {
        long now = System.nanoTime();
        if (!file.equals(currentFile)) {
            currentFile = file;
            startNanos = now;
            lastPrintNanos = now;
            return;
        }
        if (!interactive || now - lastPrintNanos < INTERVAL_NANOS) {
            return;
        }
        lastPrintNanos = now;
        double seconds = (now - startNanos) / 1e9;
        String percent = total.isPresent() && total.getAsLong() > 0
                ? String.format(Locale.ROOT, " (%d%%)", bytes * 100 / total.getAsLong()) : "";
        err.print(String.format(Locale.ROOT, "\r%s: %.1f MiB%s at %.1f MiB/s   ", file, bytes / MIB, percent,
                bytes / MIB / Math.max(seconds, 1e-3)));
        err.flush();
        lineOpen = true;
    }

    @Override
    public synchronized void finished(String file) {
        endLine();
        currentFile = null;
    }

    private void endLine() {
        if (lineOpen) {
            err.println();
            lineOpen = false;
        }
    }
}
