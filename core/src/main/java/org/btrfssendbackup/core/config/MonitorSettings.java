package org.btrfssendbackup.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a program reports to monitoring (prod-srv's config for the producer, backup-srv's for the
 * pruner): the README's "Monitoring" section.
 *
 * @param textfileDir TEXTFILE_DIR: a one-shot run writes its metrics there as a node_exporter
 *                    textfile ({@code <program>.prom}); empty = none written
 * @param staleAfter  STALE_AFTER: a set whose last success is older is STALE (default 26h: a daily
 *                    backup may be two hours late before anyone is told)
 */
public record MonitorSettings(Optional<Path> textfileDir, Duration staleAfter) {

    public static final String TEXTFILE_DIR = "TEXTFILE_DIR";
    public static final String STALE_AFTER = "STALE_AFTER";
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofHours(26);

    public MonitorSettings {
        Objects.requireNonNull(textfileDir, TEXTFILE_DIR);
        Objects.requireNonNull(staleAfter, STALE_AFTER);
        if (staleAfter.isZero() || staleAfter.isNegative()) {
            throw new IllegalArgumentException(STALE_AFTER + " must be positive, was " + staleAfter);
        }
    }

    public static MonitorSettings defaults() {
        return new MonitorSettings(Optional.empty(), DEFAULT_STALE_AFTER);
    }

    public MonitorSettings withTextfileDir(Path dir) {
        return new MonitorSettings(Optional.of(dir), staleAfter);
    }

    static MonitorSettings read(ConfigReader r) {
        return new MonitorSettings(r.optional(TEXTFILE_DIR, Values::absolutePath),
                r.orDefault(STALE_AFTER, Values::positiveDuration, DEFAULT_STALE_AFTER));
    }

    void describe(Description d) {
        d.add(TEXTFILE_DIR, textfileDir).add(STALE_AFTER, Values.formatDuration(staleAfter));
    }
}
