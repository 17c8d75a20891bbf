package org.btrfssendbackup.core.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Several backup sets on one prod-srv: prod.conf holds the keys every set shares, and each
 * {@code *.conf} in the sets directory (BACKUP_SETS_DIR, default {@code sets.d} beside prod.conf)
 * is one set, its keys laid over prod.conf's (the set's value wins). Without a set file the
 * one set is prod.conf itself, exactly the seed's single-subvolume behaviour.
 */
public final class BackupSets {

    /** prod.conf's key naming the sets directory. */
    public static final String SETS_DIR = "BACKUP_SETS_DIR";
    public static final String DEFAULT_SETS_DIR = "sets.d";

    /**
     * Keys that belong to the whole run, not to one set: one lock, one broker, one schedule.
     * A set file setting one would be silently ignored for the run, so it is an error instead.
     */
    static final Set<String> RUN_WIDE_KEYS = Set.of("LOCK_FILE", "BACKUP_SCHEDULE", SETS_DIR, BrokerSettings.URL,
            BrokerSettings.USER, BrokerSettings.PASSWORD_FILE, BrokerSettings.LOCAL_BROKER_DIR,
            BrokerSettings.FORWARD_WAIT);

    /** One set: the file that defines it (prod.conf itself when there are no set files) and its config. */
    public record BackupSet(String file, ProducerConfig config) {
        public BackupSet {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(config, "config");
        }

        public String name() {
            return config.backupSet();
        }
    }

    private BackupSets() {
    }

    /** Every set of {@code mainFile}, in set-file name order; duplicates are errors naming both files. */
    public static List<BackupSet> load(Path mainFile) {
        Predicate<Path> readable = p -> Files.isRegularFile(p) && Files.isReadable(p);
        ConfigFile main = ShellConfigParser.parse(mainFile);
        Path dir = setsDir(mainFile, main);
        List<ConfigFile> setFiles = listSetFiles(dir).stream().map(ShellConfigParser::parse).toList();
        return from(main, setFiles, readable);
    }

    /** The pure part of {@link #load}: the sets of these parsed files, checked for duplicates. */
    public static List<BackupSet> from(ConfigFile main, List<ConfigFile> setFiles, Predicate<Path> readableFile) {
        if (setFiles.isEmpty()) {
            return List.of(new BackupSet(main.source(), ProducerConfig.from(main, readableFile)));
        }
        List<BackupSet> sets = new ArrayList<>();
        for (ConfigFile setFile : setFiles) {
            sets.add(new BackupSet(setFile.source(), ProducerConfig.from(overlay(main, setFile), readableFile)));
        }
        checkDuplicates(sets);
        return List.copyOf(sets);
    }

    /** The sets directory: BACKUP_SETS_DIR of prod.conf, relative to prod.conf's directory, default sets.d. */
    static Path setsDir(Path mainFile, ConfigFile main) {
        Optional<String> configured = main.get(SETS_DIR).map(ConfigEntry::scalar).filter(v -> !v.isEmpty());
        Path base = Optional.ofNullable(mainFile.toAbsolutePath().getParent()).orElse(Path.of("/"));
        return base.resolve(configured.orElse(DEFAULT_SETS_DIR));
    }

    /** The {@code *.conf} files of {@code dir} sorted by name (the run order); none when it does not exist. */
    static List<Path> listSetFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".conf") && Files.isRegularFile(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the backup sets directory " + dir, e);
        }
    }

    /** prod.conf's entries with the set file's laid over them; a run-wide key in a set file is an error. */
    static ConfigFile overlay(ConfigFile main, ConfigFile setFile) {
        for (ConfigEntry e : setFile.entries().values()) {
            if (RUN_WIDE_KEYS.contains(e.key())) {
                throw new ConfigException(e.source(), e.line(), e.key(),
                        "applies to the whole run, not to one set: set it in " + main.source());
            }
        }
        Map<String, ConfigEntry> entries = new LinkedHashMap<>(main.entries());
        entries.putAll(setFile.entries());
        List<String> warnings = new ArrayList<>(main.warnings());
        warnings.addAll(setFile.warnings());
        return new ConfigFile(setFile.source(), entries, warnings);
    }

    /**
     * Two sets with the same BACKUP_SET, source subvolume, STATE_FILE or snapshot directory and
     * prefix would share a chain, a state or each other's local retention: an error naming both files.
     */
    static void checkDuplicates(List<BackupSet> sets) {
        duplicate(sets, "BACKUP_SET", c -> c.backupSet());
        duplicate(sets, "SOURCE_SUBVOL", c -> c.sourceSubvolume().normalize().toString());
        duplicate(sets, "STATE_FILE", c -> c.stateFile().normalize().toString());
        duplicate(sets, "SNAPSHOT_PREFIX", c -> c.snapshotDir().normalize() + "/" + c.snapshotPrefix());
    }

    private static void duplicate(List<BackupSet> sets, String key, Function<ProducerConfig, String> value) {
        Map<String, BackupSet> seen = new LinkedHashMap<>();
        for (BackupSet set : sets) {
            BackupSet earlier = seen.putIfAbsent(value.apply(set.config()), set);
            if (earlier != null) {
                String what = key.equals("SNAPSHOT_PREFIX") ? "SNAPSHOT_DIR and SNAPSHOT_PREFIX" : key;
                throw new ConfigException(set.file(), 0, key, "the same " + what + " (" + value.apply(set.config())
                        + ") as " + earlier.file() + ": each set needs its own");
            }
        }
    }

    /** The sets one run backs up: all of them in order, or just the one named (--set). */
    public static List<BackupSet> select(List<BackupSet> sets, Optional<String> name) {
        if (name.isEmpty()) {
            return sets;
        }
        List<BackupSet> named = sets.stream().filter(s -> s.name().equals(name.get())).toList();
        if (named.isEmpty()) {
            throw new IllegalArgumentException("no backup set named " + name.get() + " (the sets are: "
                    + String.join(", ", sets.stream().map(BackupSet::name).toList()) + ")");
        }
        return named;
    }
}
