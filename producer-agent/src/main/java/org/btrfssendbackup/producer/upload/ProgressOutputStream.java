package org.btrfssendbackup.producer.upload;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** Counts bytes on their way to the transport and prints "sent N MB, R MB/s" about once a second. */
public final class ProgressOutputStream extends FilterOutputStream {

    private static final long INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

    private final PrintStream console;
    private final long started = System.nanoTime();
    private long bytes;
    private long lastPrinted = started;

    public ProgressOutputStream(OutputStream out, PrintStream console) {
        super(out);
        this.console = console;
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
        long now = System.nanoTime();
        if (now - lastPrinted >= INTERVAL_NANOS) {
            lastPrinted = now;
            console.print("\r" + line(bytes, now - started));
            console.flush();
        }
    }

    /** Prints the final figures; the underlying stream stays open (the transport owns it). */
    public void finish() {
        console.println("\r" + line(bytes, System.nanoTime() - started));
        console.flush();
    }

    static String line(long bytes, long nanos) {
        double mb = bytes / 1e6;
        double seconds = Math.max(nanos / 1e9, 1e-3);
        return String.format(Locale.ROOT, "sent %.1f MB, %.1f MB/s", mb, mb / seconds);
    }
}
