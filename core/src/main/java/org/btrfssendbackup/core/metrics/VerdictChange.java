package org.btrfssendbackup.core.metrics;

import java.util.Objects;
import java.util.Optional;

/**
 * A change of a set's verdict that the operator must hear of (ALERT_COMMAND): from OK to anything
 * else, and back to OK. FAILING to STALE is no news (still not OK), and nothing is said twice,
 * because the caller keeps the verdict last told ({@link RunHistory#notified()}).
 */
public record VerdictChange(SetHealth from, SetHealth to) {

    public VerdictChange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    /**
     * @param told the verdict last told, null when never (taken as OK: a first run that fails is news)
     * @param now  the verdict now
     */
    public static Optional<VerdictChange> between(SetHealth told, SetHealth now) {
        SetHealth before = told == null ? SetHealth.OK : told;
        if ((before == SetHealth.OK) == (now == SetHealth.OK)) {
            return Optional.empty();
        }
        return Optional.of(new VerdictChange(before, now));
    }

    public boolean recovered() {
        return to == SetHealth.OK;
    }
}
