package org.btrfssendbackup.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How an agent reaches the broker: BROKER_URL, BROKER_USER, BROKER_PASSWORD_FILE. An empty
 * URL means the embedded all-in-one broker. The password is read from its file by the agent
 * when it connects; only the path is configuration.
 *
 * <p>The producer's two more keys apply when BROKER_URL names the hub: its steps then run on a
 * local broker with its journal in LOCAL_BROKER_DIR, which forwards every event to the hub, and a
 * one-shot run waits up to BROKER_FORWARD_WAIT at its end for the hub to confirm its events
 * (the rest wait in the local journal for the next run or the service). Other agents keep the
 * defaults.
 *
 * @param localBrokerDir the producer's local broker (data and its own users' passwords)
 * @param forwardWait    how long a one-shot run waits for its events to reach the hub; 0: not at all
 */
public record BrokerSettings(Optional<String> url, Optional<String> user, Optional<Path> passwordFile,
                             Path localBrokerDir, Duration forwardWait) {

    static final String URL = "BROKER_URL";
    static final String USER = "BROKER_USER";
    static final String PASSWORD_FILE = "BROKER_PASSWORD_FILE";
    static final String LOCAL_BROKER_DIR = "LOCAL_BROKER_DIR";
    static final String FORWARD_WAIT = "BROKER_FORWARD_WAIT";

    /** Not the all-in-one broker's directory (/var/lib/btrfs-send-backup/broker): its journal has other queues. */
    public static final Path DEFAULT_LOCAL_BROKER_DIR = Path.of("/var/lib/btrfs-send-backup/broker-local");
    /** A reachable hub confirms a run's events in milliseconds; an unreachable one should not hold cron long. */
    public static final Duration DEFAULT_FORWARD_WAIT = Duration.ofSeconds(10);

    public BrokerSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(passwordFile, "passwordFile");
        Objects.requireNonNull(localBrokerDir, "localBrokerDir");
        Objects.requireNonNull(forwardWait, "forwardWait");
    }

    /** Settings with the local broker's defaults (agents other than the producer). */
    public BrokerSettings(Optional<String> url, Optional<String> user, Optional<Path> passwordFile) {
        this(url, user, passwordFile, DEFAULT_LOCAL_BROKER_DIR, DEFAULT_FORWARD_WAIT);
    }

    static BrokerSettings read(ConfigReader r, java.util.function.Predicate<Path> readableFile) {
        Optional<String> url = r.optional(URL, Values::nonBlank);
        Optional<String> user = r.optional(USER, Values::name);
        Optional<Path> passwordFile = r.optional(PASSWORD_FILE, Values::absolutePath);
        passwordFile.ifPresent(p -> r.requireFile(PASSWORD_FILE, p, readableFile));
        if (user.isPresent() != passwordFile.isPresent()) {
            throw r.fail(user.isPresent() ? PASSWORD_FILE : USER,
                    "BROKER_USER and BROKER_PASSWORD_FILE must be set together");
        }
        // Checked here, once, for every agent: the broker refuses anonymous connections, so a URL
        // without a login would only fail later, at the first event, far from the config line.
        if (url.isPresent() && user.isEmpty()) {
            throw r.fail(URL, "BROKER_URL is set, so BROKER_USER and BROKER_PASSWORD_FILE must be too"
                    + " (the broker refuses anonymous connections)");
        }
        return new BrokerSettings(url, user, passwordFile);
    }

    /** {@link #read} plus the producer's local broker keys. */
    static BrokerSettings readWithLocalBroker(ConfigReader r, java.util.function.Predicate<Path> readableFile) {
        BrokerSettings common = read(r, readableFile);
        Path dir = r.orDefault(LOCAL_BROKER_DIR, Values::absolutePath, DEFAULT_LOCAL_BROKER_DIR);
        Duration wait = r.orDefault(FORWARD_WAIT, Values::duration, DEFAULT_FORWARD_WAIT);
        return new BrokerSettings(common.url, common.user, common.passwordFile, dir, wait);
    }

    void describe(Description d) {
        d.add(URL, url).add(USER, user).add(PASSWORD_FILE, passwordFile);
    }

    void describeWithLocalBroker(Description d) {
        describe(d);
        d.add(LOCAL_BROKER_DIR, localBrokerDir).add(FORWARD_WAIT, Values.formatDuration(forwardWait));
    }
}
