package org.btrfssendbackup.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How backup-srv checks its stored streams (the scrub, and the pruner's check before it
 * deletes), from /etc/default/btrfs-backup-receive.
 *
 * @param maxBytesPerRun SCRUB_MAX_BYTES: what one scrub pass reads at most (one stream is always
 *                       checked, however large, so a pass never stalls on a big full)
 * @param passDays       SCRUB_PASS_DAYS: every stream is re-checked at least this often; a
 *                       stream is due when its last check (or its upload) is older
 * @param checkMaxAge    PRUNE_CHECK_MAX_AGE: before deleting, the pruner re-checks every link of
 *                       the chains it keeps whose last check is older than this
 */
public record ScrubSettings(long maxBytesPerRun, int passDays, Duration checkMaxAge) {

    public static final String MAX_BYTES = "SCRUB_MAX_BYTES";
    public static final String PASS_DAYS = "SCRUB_PASS_DAYS";
    public static final String CHECK_MAX_AGE = "PRUNE_CHECK_MAX_AGE";
    /** 50 GiB a night: a 1.5 TB store in a 30-day pass at about 200 MB/s, some four minutes a night. */
    public static final long DEFAULT_MAX_BYTES = 50L << 30;
    public static final int DEFAULT_PASS_DAYS = 30;
    public static final Duration DEFAULT_CHECK_MAX_AGE = Duration.ofDays(7);

    public ScrubSettings {
        if (maxBytesPerRun <= 0) {
            throw new IllegalArgumentException(MAX_BYTES + " must be > 0, was " + maxBytesPerRun);
        }
        if (passDays < 1) {
            throw new IllegalArgumentException(PASS_DAYS + " must be >= 1, was " + passDays);
        }
        Objects.requireNonNull(checkMaxAge, CHECK_MAX_AGE);
    }

    public static ScrubSettings defaults() {
        return new ScrubSettings(DEFAULT_MAX_BYTES, DEFAULT_PASS_DAYS, DEFAULT_CHECK_MAX_AGE);
    }

    /** A byte budget as SCRUB_MAX_BYTES reads it (50G, 500M, plain bytes), for a command-line override. */
    public static long parseMaxBytes(String text) {
        return Values.byteSize(text);
    }

    static ScrubSettings read(ConfigReader r) {
        return new ScrubSettings(r.orDefault(MAX_BYTES, Values::byteSize, DEFAULT_MAX_BYTES),
                r.orDefault(PASS_DAYS, Values::positiveInt, DEFAULT_PASS_DAYS),
                r.orDefault(CHECK_MAX_AGE, Values::duration, DEFAULT_CHECK_MAX_AGE));
    }

    void describe(Description d) {
        d.add(MAX_BYTES, Values.formatByteSize(maxBytesPerRun)).add(PASS_DAYS, passDays)
                .add(CHECK_MAX_AGE, Values.formatDuration(checkMaxAge));
    }
}
