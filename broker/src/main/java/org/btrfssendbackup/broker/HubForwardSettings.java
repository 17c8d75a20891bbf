package org.btrfssendbackup.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A local broker's store-and-forward link to the hub (design.md sections 1 and 8): an Artemis
 * core bridge that takes every event published on this broker's events address from the
 * durable {@link #FORWARD_QUEUE} and sends it to the hub's events address, reconnecting
 * forever. An event waits in the local journal until the hub has confirmed it, so a hub that
 * is down, restarting or unreachable never costs an event.
 *
 * @param hubUrl           the hub as agents name it (BROKER_URL), TLS parameters included, e.g.
 *                         {@code tcp://backup-srv:61617?sslEnabled=true;trustStorePath=...}
 * @param user             the hub user the bridge authenticates as (the producer's BROKER_USER)
 * @param passwordFile     its password (BROKER_PASSWORD_FILE), read when the broker starts
 * @param retryInterval    first wait after a failed connection attempt
 * @param retryMultiplier  each later wait this many times longer ...
 * @param maxRetryInterval ... up to this
 */
public record HubForwardSettings(String hubUrl, String user, Path passwordFile, Duration retryInterval,
                                 double retryMultiplier, Duration maxRetryInterval) {

    /** The local queue the bridge drains: bound to the events address without a filter. */
    public static final String FORWARD_QUEUE = "hub-forward";
    /** The bridge's name (Artemis logs it). */
    public static final String BRIDGE_NAME = "hub-forward";
    /**
     * 2 s, doubling, at most 5 min between attempts: a restarting hub is reached again within
     * seconds, and a hub that is down for the night costs one connection attempt every 5 min.
     */
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(2);
    public static final double DEFAULT_RETRY_MULTIPLIER = 2.0;
    public static final Duration DEFAULT_MAX_RETRY_INTERVAL = Duration.ofMinutes(5);

    public HubForwardSettings {
        if (hubUrl == null || !(hubUrl.startsWith("tcp://") || hubUrl.startsWith("("))) {
            throw new IllegalArgumentException("forward to the hub: its URL must start with tcp://, got " + hubUrl);
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("forward to " + hubUrl + ": the hub user must not be blank");
        }
        Objects.requireNonNull(passwordFile, "forward to the hub: password file");
        Objects.requireNonNull(retryInterval, "forward to the hub: retry interval");
        Objects.requireNonNull(maxRetryInterval, "forward to the hub: max retry interval");
        if (retryInterval.isNegative() || retryInterval.isZero()) {
            throw new IllegalArgumentException("forward to " + hubUrl + ": retry interval must be positive, got " + retryInterval);
        }
        if (!(retryMultiplier >= 1.0) || Double.isInfinite(retryMultiplier)) {
            throw new IllegalArgumentException("forward to " + hubUrl + ": retry multiplier must be at least 1, got "
                    + retryMultiplier);
        }
        if (maxRetryInterval.compareTo(retryInterval) < 0) {
            throw new IllegalArgumentException("forward to " + hubUrl + ": max retry interval " + maxRetryInterval
                    + " is shorter than the retry interval " + retryInterval);
        }
    }

    /** The defaults above for this hub and user. */
    public static HubForwardSettings to(String hubUrl, String user, Path passwordFile) {
        return new HubForwardSettings(hubUrl, user, passwordFile, DEFAULT_RETRY_INTERVAL, DEFAULT_RETRY_MULTIPLIER,
                DEFAULT_MAX_RETRY_INTERVAL);
    }

    public HubForwardSettings withRetry(Duration interval, double multiplier, Duration max) {
        return new HubForwardSettings(hubUrl, user, passwordFile, interval, multiplier, max);
    }

    @Override
    public String toString() {
        return "forward to " + hubUrl + " as " + user;
    }
}
