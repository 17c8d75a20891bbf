package org.btrfssendbackup.core.config;

import java.time.Duration;
import java.util.Objects;
import org.btrfssendbackup.core.tools.SshKeepalive;

/**
 * How long the producer's ssh calls may go without progress (prod.conf).
 *
 * @param keepalive    BACKUP_SSH_ALIVE_INTERVAL (15s) and BACKUP_SSH_ALIVE_COUNT (4): ssh itself ends a
 *                     connection whose server stopped answering for about a minute
 * @param stallTimeout BACKUP_SSH_STALL_TIMEOUT (5m): an upload that moves no byte to ssh, or gets no
 *                     reply after its last byte, for this long is killed and fails as transient.
 *                     Five minutes covers the longest pause a healthy upload has here (the
 *                     receiver's final fsync, a btrfs commit under load) many times over.
 */
public record SshTimeouts(SshKeepalive keepalive, Duration stallTimeout) {

    public static final Duration DEFAULT_ALIVE_INTERVAL = Duration.ofSeconds(15);
    public static final int DEFAULT_ALIVE_COUNT = 4;
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofMinutes(5);
    /** The key of {@link #stallTimeout()}, also named by a stall's error. */
    public static final String STALL_TIMEOUT = "BACKUP_SSH_STALL_TIMEOUT";

    public SshTimeouts {
        Objects.requireNonNull(keepalive, "keepalive");
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        if (stallTimeout.isZero() || stallTimeout.isNegative()) {
            throw new IllegalArgumentException("ssh stall timeout must be positive: " + stallTimeout);
        }
    }

    public static SshTimeouts defaults() {
        return new SshTimeouts(new SshKeepalive(DEFAULT_ALIVE_INTERVAL, DEFAULT_ALIVE_COUNT), DEFAULT_STALL_TIMEOUT);
    }

    static SshTimeouts read(ConfigReader r) {
        Duration interval = r.orDefault("BACKUP_SSH_ALIVE_INTERVAL", SshTimeouts::positiveDuration,
                DEFAULT_ALIVE_INTERVAL);
        int count = r.orDefault("BACKUP_SSH_ALIVE_COUNT", Values::positiveInt, DEFAULT_ALIVE_COUNT);
        Duration stall = r.orDefault(STALL_TIMEOUT, SshTimeouts::positiveDuration, DEFAULT_STALL_TIMEOUT);
        return new SshTimeouts(new SshKeepalive(interval, count), stall);
    }

    /**
     * The grammar of these timeouts (whole seconds with a unit, at least 1s), also for the
     * restore's --ssh-stall-timeout, which takes BACKUP_SSH_STALL_TIMEOUT's values.
     *
     * @throws IllegalArgumentException "must be ..." (callers prefix the key or option and the value)
     */
    public static Duration positiveDuration(String v) {
        Duration d = Values.duration(v);
        if (d.isZero()) {
            throw new IllegalArgumentException("must be at least 1s");
        }
        return d;
    }

    void describe(Description d) {
        d.add("BACKUP_SSH_ALIVE_INTERVAL", Values.formatDuration(keepalive.interval()))
                .add("BACKUP_SSH_ALIVE_COUNT", keepalive.count())
                .add(STALL_TIMEOUT, Values.formatDuration(stallTimeout));
    }
}
