package org.btrfssendbackup.core.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How a program reports to monitoring (prod-srv's config for the producer, backup-srv's for the
 * pruner): the README's "Monitoring" section.
 *
 * @param textfileDir TEXTFILE_DIR: a one-shot run writes its metrics there as a node_exporter
 *                    textfile ({@code <program>.prom}); empty = none written
 * @param staleAfter  STALE_AFTER: a set whose last success is older is STALE (default 26h: a daily
 *                    backup may be two hours late before anyone is told)
 * @param metricsListen METRICS_LISTEN ({@code ADDRESS:PORT}): the services serve {@code /metrics} there;
 *                    empty (the default) = no endpoint, so no service listens unless the operator asks
 * @param alertCommand ALERT_COMMAND (a bash array, e.g. {@code (/usr/local/bin/mail-ops --to ops)}): run
 *                    when a set's verdict turns from OK to anything else and when it recovers (prod-srv's
 *                    producer: STALE and FAILING after runs; backup-srv's pruner: CORRUPT after a scrub);
 *                    empty = none
 */
public record MonitorSettings(Optional<Path> textfileDir, Duration staleAfter,
                              Optional<InetSocketAddress> metricsListen, List<String> alertCommand) {

    public static final String TEXTFILE_DIR = "TEXTFILE_DIR";
    public static final String STALE_AFTER = "STALE_AFTER";
    public static final String METRICS_LISTEN = "METRICS_LISTEN";
    public static final String ALERT_COMMAND = "ALERT_COMMAND";

    /** The monitoring keys, the same in prod.conf and backup-srv's file (each config adds them to its own). */
    static final Set<String> KEYS = Set.of(TEXTFILE_DIR, STALE_AFTER, METRICS_LISTEN, ALERT_COMMAND);

    /** A config file's keys: its own and the monitoring keys. */
    static Set<String> withMonitorKeys(String... own) {
        return Stream.concat(Stream.of(own), KEYS.stream()).collect(Collectors.toUnmodifiableSet());
    }
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofHours(26);

    public MonitorSettings {
        Objects.requireNonNull(textfileDir, TEXTFILE_DIR);
        Objects.requireNonNull(staleAfter, STALE_AFTER);
        Objects.requireNonNull(metricsListen, METRICS_LISTEN);
        alertCommand = List.copyOf(alertCommand);
        if (staleAfter.isZero() || staleAfter.isNegative()) {
            throw new IllegalArgumentException(STALE_AFTER + " must be positive, was " + staleAfter);
        }
    }

    public static MonitorSettings defaults() {
        return new MonitorSettings(Optional.empty(), DEFAULT_STALE_AFTER, Optional.empty(), List.of());
    }

    public MonitorSettings withTextfileDir(Path dir) {
        return new MonitorSettings(Optional.of(dir), staleAfter, metricsListen, alertCommand);
    }

    public MonitorSettings withMetricsListen(InetSocketAddress listen) {
        return new MonitorSettings(textfileDir, staleAfter, Optional.of(listen), alertCommand);
    }

    public MonitorSettings withAlertCommand(List<String> command) {
        return new MonitorSettings(textfileDir, staleAfter, metricsListen, command);
    }

    static MonitorSettings read(ConfigReader r) {
        return new MonitorSettings(r.optional(TEXTFILE_DIR, Values::absolutePath),
                r.orDefault(STALE_AFTER, Values::positiveDuration, DEFAULT_STALE_AFTER),
                r.optional(METRICS_LISTEN, MonitorSettings::listenAddress),
                alertCommand(r, r.array(ALERT_COMMAND, v -> {
                    if (v.isEmpty()) {
                        throw new IllegalArgumentException("an empty word in the command");
                    }
                })));
    }

    /** The program must be an absolute path: the hook runs as root from timers with a minimal PATH. */
    private static List<String> alertCommand(ConfigReader r, List<String> argv) {
        if (!argv.isEmpty() && !argv.get(0).startsWith("/")) {
            throw r.fail(ALERT_COMMAND, "the program '" + argv.get(0) + "' must be an absolute path");
        }
        return argv;
    }

    /** {@code ADDRESS:PORT}, e.g. {@code 127.0.0.1:9899} or {@code [::1]:9899}; an IP literal, so no DNS at start-up. */
    static InetSocketAddress listenAddress(String v) {
        int colon = v.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("is not ADDRESS:PORT (e.g. 127.0.0.1:9899)");
        }
        String host = v.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!host.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
            throw new IllegalArgumentException("the address must be an IP address (e.g. 127.0.0.1), not '" + host + "'");
        }
        int port = Values.port(v.substring(colon + 1));
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + host + "' is not an IP address");
        }
    }

    void describe(Description d) {
        d.add(TEXTFILE_DIR, textfileDir).add(STALE_AFTER, Values.formatDuration(staleAfter))
                .add(METRICS_LISTEN, metricsListen.map(a -> (a.getAddress() instanceof java.net.Inet6Address
                        ? "[" + a.getAddress().getHostAddress() + "]" : a.getAddress().getHostAddress()) + ":" + a.getPort()))
                .addArray(ALERT_COMMAND, alertCommand);
    }
}
