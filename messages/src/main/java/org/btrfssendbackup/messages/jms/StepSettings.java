package org.btrfssendbackup.messages.jms;

import java.time.Duration;

/**
 * Tuning of a {@link StepConsumer}.
 *
 * @param inStepAttempts  tries of a step within one delivery for transient failures (1 = no retry)
 * @param inStepWait      wait before the first in-step retry; doubles each time
 * @param receiveTimeout  how long one receive blocks; bounds how long {@link StepConsumer#stop()} takes
 * @param redelivery      later attempts of a transiently failed trigger, and the last one
 */
public record StepSettings(int inStepAttempts, Duration inStepWait, Duration receiveTimeout,
                           RedeliveryPolicy redelivery) {

    public StepSettings {
        if (inStepAttempts < 1) {
            throw new IllegalArgumentException("StepSettings.inStepAttempts must be >= 1, was " + inStepAttempts);
        }
        if (inStepWait == null || inStepWait.isNegative()) {
            throw new IllegalArgumentException("StepSettings.inStepWait must be >= 0");
        }
        if (receiveTimeout == null || receiveTimeout.isNegative() || receiveTimeout.isZero()) {
            throw new IllegalArgumentException("StepSettings.receiveTimeout must be > 0");
        }
        if (redelivery == null) {
            throw new IllegalArgumentException("StepSettings.redelivery must be set");
        }
    }

    /** With the default redelivery policy. */
    public StepSettings(int inStepAttempts, Duration inStepWait, Duration receiveTimeout) {
        this(inStepAttempts, inStepWait, receiveTimeout, RedeliveryPolicy.defaults());
    }

    /**
     * Three quick tries (5 s, 10 s apart) for a hiccup; anything longer is the redelivery
     * backoff, which does not hold a thread.
     */
    public static StepSettings defaults() {
        return new StepSettings(3, Duration.ofSeconds(5), Duration.ofMillis(500));
    }

    public StepSettings withRedelivery(RedeliveryPolicy policy) {
        return new StepSettings(inStepAttempts, inStepWait, receiveTimeout, policy);
    }
}
