package org.btrfssendbackup.producer.upload;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Counts bytes on their way to the transport and rewrites one {@link TransferLine} on the
 * terminal at most once per interval (a second): a fast stream must not spend its time printing.
 */
public final class ProgressOutputStream extends ThrottledByteCount {

    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final PrintStream console;
    private final OptionalLong expectedTotal;

    public ProgressOutputStream(OutputStream out, PrintStream console) {
        this(out, console, OptionalLong.empty());
    }

    /** @param expectedTotal the size of the last stored stream of the same kind, when known */
    public ProgressOutputStream(OutputStream out, PrintStream console, OptionalLong expectedTotal) {
        this(out, console, expectedTotal, System::nanoTime, INTERVAL);
    }

    ProgressOutputStream(OutputStream out, PrintStream console, OptionalLong expectedTotal, LongSupplier nanoTime,
                         Duration interval) {
        super(out, nanoTime, interval);
        this.console = console;
        this.expectedTotal = expectedTotal;
    }

    @Override
    protected void tick(long bytesSoFar, long elapsedNanos) {
        console.print("\r" + TransferLine.format(bytesSoFar, expectedTotal, elapsedNanos));
        console.flush();
    }

    /** Prints the final figures; the underlying stream stays open (the transport owns it). */
    public void finish() {
        // The final line: bytes and the mean rate, no estimate (the total is now known exactly).
        console.println("\r" + TransferLine.format(bytes(), OptionalLong.empty(), elapsedNanos()));
        console.flush();
    }
}
