package org.btrfssendbackup.broker;

import java.time.Duration;
import java.util.Objects;

/**
 * Journal retention: every journal file is kept (in the data directory's retention folder)
 * for {@code period} or until the folder holds {@code maxBytes}, whichever comes first, so
 * past events can be replayed ({@link Replay}).
 */
public record RetentionSettings(Duration period, long maxBytes) {

    /** A month of history, at most 1 GiB (a run emits a few dozen small events). */
    public static final RetentionSettings BACKUP_DEFAULTS = new RetentionSettings(Duration.ofDays(30), 1L << 30);

    public RetentionSettings {
        Objects.requireNonNull(period, "retention: period");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("retention: period must be positive, got " + period);
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("retention: max bytes must be positive, got " + maxBytes);
        }
    }
}
