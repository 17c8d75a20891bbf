package org.btrfssendbackup.producer.upload;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Counts bytes on their way to the transport and rewrites one {@link TransferLine} on the
 * terminal at most once per interval (a second): a fast stream must not spend its time printing.
 */
public final class ProgressOutputStream extends FilterOutputStream {

    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final PrintStream console;
    private final OptionalLong expectedTotal;
    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private final long started;
    private long bytes;
    private long lastPrinted;

    public ProgressOutputStream(OutputStream out, PrintStream console) {
        this(out, console, OptionalLong.empty());
    }

    /** @param expectedTotal the size of the last stored stream of the same kind, when known */
    public ProgressOutputStream(OutputStream out, PrintStream console, OptionalLong expectedTotal) {
        this(out, console, expectedTotal, System::nanoTime, INTERVAL);
    }

    ProgressOutputStream(OutputStream out, PrintStream console, OptionalLong expectedTotal, LongSupplier nanoTime,
                         Duration interval) {
        super(out);
        this.console = console;
        this.expectedTotal = expectedTotal;
        this.nanoTime = nanoTime;
        this.intervalNanos = interval.toNanos();
        this.started = nanoTime.getAsLong();
        this.lastPrinted = started;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        count(1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        count(len);
    }

    private void count(long n) {
        bytes += n;
        long now = nanoTime.getAsLong();
        if (now - lastPrinted >= intervalNanos) {
            lastPrinted = now;
            console.print("\r" + TransferLine.format(bytes, expectedTotal, now - started));
            console.flush();
        }
    }

    /** Prints the final figures; the underlying stream stays open (the transport owns it). */
    public void finish() {
        // The final line: bytes and the mean rate, no estimate (the total is now known exactly).
        console.println("\r" + TransferLine.format(bytes, OptionalLong.empty(), nanoTime.getAsLong() - started));
        console.flush();
    }
}
