package org.btrfssendbackup.core.config;

import org.btrfssendbackup.core.retention.RetentionPolicy;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The stream pruner's settings from environment variables, as the seed's cron line passes
 * them: {@code BACKUP_ROOT=... BACKUP_SET=... KEEP_DAILY=7 KEEP_WEEKLY=4 KEEP_MONTHLY=12}.
 * Other variables are ignored (the environment holds much else).
 */
public record PruneConfig(Path backupRoot, String backupSet, RetentionPolicy keep, Map<String, String> origins) {

    public static final String SOURCE = "environment";
    static final List<String> KEYS = List.of("BACKUP_ROOT", "BACKUP_SET", "KEEP_DAILY", "KEEP_WEEKLY", "KEEP_MONTHLY");

    public PruneConfig {
        Objects.requireNonNull(backupRoot, "backupRoot");
        Objects.requireNonNull(backupSet, "backupSet");
        Objects.requireNonNull(keep, "keep");
        origins = Map.copyOf(origins);
    }

    public static PruneConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static PruneConfig fromEnvironment(Map<String, String> environment) {
        Map<String, ConfigEntry> entries = new LinkedHashMap<>();
        for (String key : KEYS) {
            String v = environment.get(key);
            if (v != null) {
                entries.put(key, new ConfigEntry(key, List.of(v), false, SOURCE, 0));
            }
        }
        ConfigReader r = new ConfigReader(new ConfigFile(SOURCE, entries, List.of()), Set.copyOf(KEYS));
        Path root = r.orDefault("BACKUP_ROOT", Values::absolutePath, ReceiverConfig.DEFAULT_BACKUP_ROOT);
        String set = r.required("BACKUP_SET", Values::backupSet);
        RetentionPolicy keep = new RetentionPolicy(
                r.orDefault("KEEP_DAILY", Values::nonNegativeInt, RetentionPolicy.seedDefaults().keepDaily()),
                r.orDefault("KEEP_WEEKLY", Values::nonNegativeInt, RetentionPolicy.seedDefaults().keepWeekly()),
                r.orDefault("KEEP_MONTHLY", Values::nonNegativeInt, RetentionPolicy.seedDefaults().keepMonthly()));
        return new PruneConfig(root, set, keep, r.origins());
    }

    /** The directory holding this set's streams and manifests. */
    public Path setDirectory() {
        return backupRoot.resolve(backupSet);
    }

    public List<String> describe() {
        return new Description(origins).add("BACKUP_ROOT", backupRoot).add("BACKUP_SET", backupSet)
                .add("KEEP_DAILY", keep.keepDaily()).add("KEEP_WEEKLY", keep.keepWeekly()).add("KEEP_MONTHLY", keep.keepMonthly())
                .lines();
    }
}
