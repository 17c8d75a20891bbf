package org.btrfssendbackup.broker;

import java.time.Duration;
import java.util.Objects;

/**
 * How a message whose step failed is retried: first retry after {@code delay}, each later
 * one {@code multiplier} times longer, capped at {@code maxDelay}; after
 * {@code maxDeliveryAttempts} deliveries the message goes to the dead-letter address.
 */
public record RedeliverySettings(Duration delay, double multiplier, Duration maxDelay, int maxDeliveryAttempts) {

    /**
     * Backup defaults: a failed SSH connection or a busy disk should be retried over minutes,
     * not milliseconds. 30 s, 1 min, 2 min, 4 min, 8 min: six deliveries span about a quarter
     * of an hour before a human is asked (dead letter).
     */
    public static final RedeliverySettings BACKUP_DEFAULTS =
            new RedeliverySettings(Duration.ofSeconds(30), 2.0, Duration.ofMinutes(30), 6);

    public RedeliverySettings {
        Objects.requireNonNull(delay, "redelivery: delay");
        Objects.requireNonNull(maxDelay, "redelivery: max delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("redelivery: delay must not be negative, got " + delay);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("redelivery: multiplier must be at least 1, got " + multiplier);
        }
        if (maxDelay.compareTo(delay) < 0) {
            throw new IllegalArgumentException("redelivery: max delay " + maxDelay + " is shorter than the delay " + delay);
        }
        if (maxDeliveryAttempts < 1) {
            throw new IllegalArgumentException("redelivery: max delivery attempts must be at least 1, got " + maxDeliveryAttempts);
        }
    }
}
