package org.btrfssendbackup.producer.quiesce;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a unit may stay "activating" after its start before it counts as not back, and how
 * often its state is asked meanwhile.
 *
 * @param limit the longest wait for a unit still activating
 * @param every the pause between two questions to systemd
 */
public record ActivationWait(Duration limit, Duration every) {

    /** What the producer waits: 30 s, asking every second. */
    public static final ActivationWait DEFAULT = new ActivationWait(Duration.ofSeconds(30), Duration.ofSeconds(1));

    public ActivationWait {
        Objects.requireNonNull(limit, "activation wait: limit");
        Objects.requireNonNull(every, "activation wait: every");
    }

    /** How many pauses fit into the limit (none when the limit is zero or negative). */
    long pauses() {
        return Math.max(0, limit.toMillis() / Math.max(1, every.toMillis()));
    }
}
