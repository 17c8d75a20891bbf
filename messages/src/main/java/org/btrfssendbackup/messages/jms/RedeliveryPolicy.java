package org.btrfssendbackup.messages.jms;

import java.time.Duration;

/**
 * How a {@link StepConsumer} retries a trigger whose step failed transiently: after the
 * failed attempt n it schedules attempt n+1 after {@code delay × multiplier^(n-1)}, capped at
 * {@code maxDelay}; attempt {@code maxAttempts} is the last, after it the trigger is
 * dead-lettered. The consumer applies this itself (a delayed copy to its own queue), so this
 * is the limit whatever the broker's own max-delivery-attempts says.
 */
public record RedeliveryPolicy(Duration delay, double multiplier, Duration maxDelay, int maxAttempts) {

    public RedeliveryPolicy {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("RedeliveryPolicy.delay must be >= 0, was " + delay);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("RedeliveryPolicy.multiplier must be at least 1, was " + multiplier);
        }
        if (maxDelay == null || maxDelay.compareTo(delay) < 0) {
            throw new IllegalArgumentException("RedeliveryPolicy.maxDelay " + maxDelay + " is shorter than the delay " + delay);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("RedeliveryPolicy.maxAttempts must be >= 1, was " + maxAttempts);
        }
    }

    /**
     * The backup defaults (the broker's own defaults too): 30 s, 1, 2, 4, 8 min; six attempts
     * span about a quarter of an hour before a human is asked (dead letter).
     */
    public static RedeliveryPolicy defaults() {
        return new RedeliveryPolicy(Duration.ofSeconds(30), 2.0, Duration.ofMinutes(30), 6);
    }

    /** Whether a failure of this attempt (1-based) is the last one. */
    public boolean isLast(int attempt) {
        return attempt >= maxAttempts;
    }

    /** The wait before the attempt after {@code failedAttempt} (1-based). */
    public Duration delayAfter(int failedAttempt) {
        double millis = delay.toMillis() * Math.pow(multiplier, Math.max(0, failedAttempt - 1));
        return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
    }
}
