package org.btrfssendbackup.producer.upload;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * The progress line of a transfer on a terminal: bytes sent, the expected total (the size of the
 * last stored stream of the same kind, so "~"), the rate and the time left. Pure.
 * {@code sent 1.2 GB of ~3.4 GB (35%), 120.5 MB/s, ETA 0:00:18}; without an estimate only bytes
 * and rate; past the estimate (the stream grew) the total and ETA are dropped rather than shown
 * wrong.
 */
public final class TransferLine {

    private TransferLine() {
    }

    public static String format(long bytes, OptionalLong expectedTotal, long elapsedNanos) {
        double seconds = Math.max(elapsedNanos / 1e9, 1e-3);
        double rate = bytes / seconds;
        StringBuilder line = new StringBuilder("sent ").append(megabytes(bytes));
        boolean estimate = expectedTotal.isPresent() && expectedTotal.getAsLong() > 0 && bytes <= expectedTotal.getAsLong();
        if (estimate) {
            long total = expectedTotal.getAsLong();
            line.append(" of ~").append(megabytes(total))
                    .append(String.format(Locale.ROOT, " (%d%%)", Math.min(100, bytes * 100 / total)));
        }
        line.append(String.format(Locale.ROOT, ", %.1f MB/s", rate / 1e6));
        if (estimate && rate > 0) {
            line.append(", ETA ").append(clock(Math.round((expectedTotal.getAsLong() - bytes) / rate)));
        }
        return line.toString();
    }

    /** Decimal units, as the rate is in MB/s: 512 B, 12.3 MB, 1.2 GB. */
    static String megabytes(long bytes) {
        if (bytes < 1_000_000) {
            return bytes < 1000 ? bytes + " B" : String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
        }
        if (bytes < 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }

    /** H:MM:SS */
    static String clock(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds % 3600 / 60, seconds % 60);
    }
}
