package org.btrfssendbackup.core.retention;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.IsoFields;

/** The UTC calendar periods retention counts: a key that grows with time, and a reason. */
enum CalendarPeriod {
    DAY {
        @Override
        long key(LocalDate day) {
            return day.toEpochDay();
        }

        @Override
        KeepReason reason(LocalDate day) {
            return KeepReason.daily(day);
        }
    },
    /** ISO week: week-based year, so late December may be week 1 and early January week 52/53. */
    WEEK {
        @Override
        long key(LocalDate day) {
            return day.get(IsoFields.WEEK_BASED_YEAR) * 100L + day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        }

        @Override
        KeepReason reason(LocalDate day) {
            return KeepReason.weekly(day.get(IsoFields.WEEK_BASED_YEAR),
                    day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        }
    },
    MONTH {
        @Override
        long key(LocalDate day) {
            return day.getYear() * 12L + day.getMonthValue() - 1;
        }

        @Override
        KeepReason reason(LocalDate day) {
            return KeepReason.monthly(YearMonth.from(day));
        }
    };

    /** Equal for days in the same period, and never smaller for a later day. */
    abstract long key(LocalDate day);

    abstract KeepReason reason(LocalDate day);
}
