package org.btrfssendbackup.core.config;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one put-stream may take of backup-srv's disk, from /etc/default/btrfs-backup-receive.
 * A compromised or broken prod-srv must not be able to fill the backup disk: the pruner, the
 * manifests and the scrub's check records need room to work, and btrfs itself misbehaves on a
 * completely full filesystem.
 *
 * @param maxStreamBytes MAX_STREAM_BYTES: largest stored stream, in SCRUB_MAX_BYTES' syntax
 *                       (500G); empty (the default) means no limit but the disk and the reserve
 * @param reserveBytes   RESERVE_FREE_BYTES as a size (2G), or 0 when given as a percentage
 * @param reservePercent RESERVE_FREE_BYTES as a percentage of the filesystem's size (1%, the
 *                       default: scales from a test loop disk to a multi-terabyte backup disk),
 *                       or 0 when given as a size; {@code 0} alone turns the reserve off
 */
public record UploadLimits(OptionalLong maxStreamBytes, long reserveBytes, int reservePercent) {

    public static final String MAX_STREAM_BYTES = "MAX_STREAM_BYTES";
    public static final String RESERVE_FREE_BYTES = "RESERVE_FREE_BYTES";
    public static final int DEFAULT_RESERVE_PERCENT = 1;
    private static final Pattern PERCENT = Pattern.compile("([0-9]{1,2})%");

    public UploadLimits {
        if (maxStreamBytes.isPresent() && maxStreamBytes.getAsLong() <= 0) {
            throw new IllegalArgumentException(MAX_STREAM_BYTES + " must be > 0, was " + maxStreamBytes.getAsLong());
        }
        if (reserveBytes < 0 || reservePercent < 0 || reservePercent > 50 || (reserveBytes > 0 && reservePercent > 0)) {
            throw new IllegalArgumentException(RESERVE_FREE_BYTES + " must be a size or a percentage from 0% to 50%,"
                    + " was " + reserveBytes + " bytes and " + reservePercent + "%");
        }
    }

    public static UploadLimits defaults() {
        return new UploadLimits(OptionalLong.empty(), 0, DEFAULT_RESERVE_PERCENT);
    }

    /** The free bytes put-stream leaves on a filesystem of {@code totalBytes}. */
    public long reserveOf(long totalBytes) {
        return reservePercent > 0 ? totalBytes / 100 * reservePercent : reserveBytes;
    }

    /** As the config file says it: 1%, 2G, or 0. */
    public String reserveText() {
        return reservePercent > 0 ? reservePercent + "%" : reserveBytes == 0 ? "0" : Values.formatByteSize(reserveBytes);
    }

    static UploadLimits read(ConfigReader r) {
        OptionalLong max = r.optional(MAX_STREAM_BYTES, Values::byteSize).map(OptionalLong::of).orElse(OptionalLong.empty());
        UploadLimits reserve = r.orDefault(RESERVE_FREE_BYTES, UploadLimits::reserve, defaults());
        return new UploadLimits(max, reserve.reserveBytes(), reserve.reservePercent());
    }

    private static UploadLimits reserve(String v) {
        if (v.equals("0")) {
            return new UploadLimits(OptionalLong.empty(), 0, 0);
        }
        Matcher percent = PERCENT.matcher(v);
        if (percent.matches()) {
            int p = Integer.parseInt(percent.group(1));
            if (p > 50) {
                throw new IllegalArgumentException("must be at most 50% (a reserve larger than the store makes no sense)");
            }
            return new UploadLimits(OptionalLong.empty(), 0, p);
        }
        try {
            return new UploadLimits(OptionalLong.empty(), Values.byteSize(v), 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be 0, a percentage of the filesystem (1%) or a number of bytes,"
                    + " optionally with a unit K, M, G or T (e.g. 2G)");
        }
    }

    void describe(Description d) {
        d.add(MAX_STREAM_BYTES, maxStreamBytes.isPresent() ? Values.formatByteSize(maxStreamBytes.getAsLong()) : "")
                .add(RESERVE_FREE_BYTES, reserveText());
    }
}
