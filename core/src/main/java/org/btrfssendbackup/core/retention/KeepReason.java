package org.btrfssendbackup.core.retention;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Objects;

/**
 * One reason a restore point is kept; rendered as {@code LATEST}, {@code DAILY(2026-11-20)},
 * {@code WEEKLY(2026-W47)}, {@code MONTHLY(2026-11)}, {@code PROTECTED},
 * {@code ANCESTOR_OF(name)} or {@code BROKEN_CHAIN}.
 *
 * @param kind   the rule
 * @param detail the period or the dependent point; null for rules without one
 */
public record KeepReason(Kind kind, String detail) {

    /** The rules, in the order a plan lists them. */
    public enum Kind {
        LATEST, DAILY, WEEKLY, MONTHLY, PROTECTED, ANCESTOR_OF, BROKEN_CHAIN;

        boolean hasDetail() {
            return this == DAILY || this == WEEKLY || this == MONTHLY || this == ANCESTOR_OF;
        }
    }

    private static final KeepReason LATEST = new KeepReason(Kind.LATEST, null);
    private static final KeepReason PROTECTED = new KeepReason(Kind.PROTECTED, null);
    private static final KeepReason BROKEN_CHAIN = new KeepReason(Kind.BROKEN_CHAIN, null);

    public KeepReason {
        Objects.requireNonNull(kind, "keep reason: kind");
        if (kind.hasDetail() != (detail != null)) {
            throw new IllegalArgumentException("keep reason " + kind + ": detail "
                    + (kind.hasDetail() ? "required" : "not allowed") + ", got " + detail);
        }
    }

    /** The newest restorable point (for snapshots on disk: the newest snapshot). */
    public static KeepReason latest() {
        return LATEST;
    }

    public static KeepReason daily(LocalDate day) {
        return new KeepReason(Kind.DAILY, day.toString());
    }

    /** ISO week of the week-based year: 2026-12-31 and 2027-01-01 are both in 2026-W53. */
    public static KeepReason weekly(int weekBasedYear, int week) {
        return new KeepReason(Kind.WEEKLY, String.format("%04d-W%02d", weekBasedYear, week));
    }

    public static KeepReason monthly(YearMonth month) {
        return new KeepReason(Kind.MONTHLY, month.toString());
    }

    public static KeepReason protectedPoint() {
        return PROTECTED;
    }

    public static KeepReason ancestorOf(String dependentName) {
        return new KeepReason(Kind.ANCESTOR_OF, dependentName);
    }

    /** A point that cannot be restored: never deleted automatically, left for an operator. */
    public static KeepReason brokenChain() {
        return BROKEN_CHAIN;
    }

    /** Kept by the policy itself (latest or a period), not only as a dependency or protection. */
    public boolean isPolicySelection() {
        return kind == Kind.LATEST || kind == Kind.DAILY || kind == Kind.WEEKLY
                || kind == Kind.MONTHLY;
    }

    @Override
    public String toString() {
        return detail == null ? kind.name() : kind.name() + "(" + detail + ")";
    }
}
