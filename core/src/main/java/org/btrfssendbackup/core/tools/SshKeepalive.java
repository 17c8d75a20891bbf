package org.btrfssendbackup.core.tools;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * ssh's own dead-peer detection: {@code ServerAliveInterval} seconds of silence from the server
 * make the client ask over the encrypted channel; {@code ServerAliveCountMax} unanswered asks
 * end the connection (ssh exits 255). A frozen receiver host or a dead link is then noticed
 * after about interval × count, instead of after TCP's retransmission timeout (15+ minutes) or
 * never (a half-open connection with nothing to send). It does not notice a receiver process
 * that is stopped while its host's sshd still answers: that is the upload watchdog's job.
 *
 * <p>The same bound applies to reaching the host: {@code ConnectTimeout} is the detection time, so
 * a backup-srv that does not answer the TCP connection (switched off, a firewall dropping
 * packets) fails the call after interval × count too, instead of after the kernel's SYN retries
 * (about two minutes) — every wait has a deadline, and a host that cannot be reached for as long
 * as a dead one is allowed to stay silent is treated as one.
 *
 * @param interval whole seconds, at least 1
 * @param count    unanswered keepalives before ssh gives up, at least 1
 */
public record SshKeepalive(Duration interval, int count) {

    public SshKeepalive {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.getSeconds() < 1 || interval.getNano() != 0) {
            throw new IllegalArgumentException("ssh keepalive interval must be whole seconds, at least 1s: " + interval);
        }
        if (count < 1) {
            throw new IllegalArgumentException("ssh keepalive count must be at least 1: " + count);
        }
    }

    /** How long a dead peer goes unnoticed at most. */
    public Duration detectionTime() {
        return interval.multipliedBy(count);
    }

    /** The three {@code -o} options, in argv order. */
    List<String> options() {
        return List.of("-o", "ServerAliveInterval=" + interval.getSeconds(),
                "-o", "ServerAliveCountMax=" + count,
                "-o", "ConnectTimeout=" + detectionTime().getSeconds());
    }
}
