package org.btrfssendbackup.core.retention;

/**
 * How many calendar periods keep a restore point (KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY and
 * their LOCAL_ variants). The latest point is always kept, even with all counts at 0.
 */
public record RetentionPolicy(int keepDaily, int keepWeekly, int keepMonthly) {

    public RetentionPolicy {
        requireNotNegative("KEEP_DAILY", keepDaily);
        requireNotNegative("KEEP_WEEKLY", keepWeekly);
        requireNotNegative("KEEP_MONTHLY", keepMonthly);
    }

    private static void requireNotNegative(String key, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(
                    "retention policy: " + key + " must be >= 0, got " + value);
        }
    }

    /** The seed's defaults: KEEP_DAILY=7 KEEP_WEEKLY=4 KEEP_MONTHLY=12. */
    public static RetentionPolicy seedDefaults() {
        return new RetentionPolicy(7, 4, 12);
    }
}
