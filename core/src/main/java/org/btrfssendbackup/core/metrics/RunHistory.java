package org.btrfssendbackup.core.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Properties;

/**
 * What a producer remembers of one set's runs between runs (STATE_FILE.history), so that a
 * failing run still reports when the last success was, and the verdict's change is noticed once.
 * Pure: the transitions and the verdict take the time from the caller.
 *
 * @param lastSuccess         end of the newest successful run, or null
 * @param lastSuccessDuration how long it took, or null
 * @param lastSuccessBytes    its stream's size, or null
 * @param lastRun             end of the newest run, or null
 * @param lastFailure         why the newest run failed; null when it succeeded (or there was none)
 * @param notified            the verdict the operator was last told about (ALERT_COMMAND), or null
 */
public record RunHistory(Instant lastSuccess, Duration lastSuccessDuration, Long lastSuccessBytes, Instant lastRun,
                         String lastFailure, SetHealth notified) {

    public static final RunHistory NONE = new RunHistory(null, null, null, null, null, null);

    public RunHistory {
        if (lastSuccess == null && (lastSuccessDuration != null || lastSuccessBytes != null)) {
            throw new IllegalArgumentException("run history: a duration or size without a successful run");
        }
        if (lastFailure != null && lastRun == null) {
            throw new IllegalArgumentException("run history: a failure without a run");
        }
    }

    public RunHistory succeeded(Instant end, Duration duration, long bytes) {
        Objects.requireNonNull(end, "end");
        return new RunHistory(end, duration, bytes, end, null, notified);
    }

    public RunHistory failed(Instant end, String why) {
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(why, "why");
        return new RunHistory(lastSuccess, lastSuccessDuration, lastSuccessBytes, end, why, notified);
    }

    public RunHistory notifiedOf(SetHealth health) {
        return new RunHistory(lastSuccess, lastSuccessDuration, lastSuccessBytes, lastRun, lastFailure, health);
    }

    /**
     * The set's verdict as this producer sees it: FAILING when the newest run failed, STALE when
     * there is no success newer than {@code staleAfter}, else OK. (CORRUPT is the store's
     * knowledge: the pruner and the console report it.)
     */
    public SetHealth health(Instant now, Duration staleAfter) {
        if (lastFailure != null) {
            return SetHealth.FAILING;
        }
        if (lastSuccess == null || Duration.between(lastSuccess, now).compareTo(staleAfter) > 0) {
            return SetHealth.STALE;
        }
        return SetHealth.OK;
    }

    public SetMetrics metrics(String host, String backupSet, Instant now, Duration staleAfter) {
        return new SetMetrics(host, backupSet, lastSuccess, lastRun, lastSuccessDuration, lastSuccessBytes,
                health(now, staleAfter), null, null);
    }

    /** The {@code key=value} form of the history file. */
    public Properties toProperties() {
        Properties p = new Properties();
        put(p, "lastSuccess", lastSuccess);
        put(p, "lastSuccessMillis", lastSuccessDuration == null ? null : lastSuccessDuration.toMillis());
        put(p, "lastSuccessBytes", lastSuccessBytes);
        put(p, "lastRun", lastRun);
        put(p, "lastFailure", lastFailure);
        put(p, "notified", notified);
        return p;
    }

    /** @throws IllegalArgumentException naming the key whose value is bad */
    public static RunHistory fromProperties(Properties p) {
        return new RunHistory(parse(p, "lastSuccess", Instant::parse),
                parse(p, "lastSuccessMillis", v -> Duration.ofMillis(Long.parseLong(v))),
                parse(p, "lastSuccessBytes", Long::parseLong), parse(p, "lastRun", Instant::parse),
                p.getProperty("lastFailure"), parse(p, "notified", SetHealth::valueOf));
    }

    private static void put(Properties p, String key, Object value) {
        if (value != null) {
            p.setProperty(key, value.toString());
        }
    }

    private static <T> T parse(Properties p, String key, java.util.function.Function<String, T> parser) {
        String value = p.getProperty(key);
        if (value == null) {
            return null;
        }
        try {
            return parser.apply(value.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + "=" + value + ": " + e.getMessage(), e);
        }
    }
}
