package org.btrfssendbackup.core.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns raw entries into typed values, remembering where each value came from and turning
 * every validation failure into a {@link ConfigException} that names the key and line.
 */
final class ConfigReader {

    static final String DEFAULT_ORIGIN = "default";

    private final ConfigFile file;
    private final Map<String, String> origins = new LinkedHashMap<>();

    /** @param knownKeys every key this config understands; any other key is an error */
    ConfigReader(ConfigFile file, Set<String> knownKeys) {
        this.file = file;
        for (ConfigEntry e : file.entries().values()) {
            if (!knownKeys.contains(e.key())) {
                String hint = DidYouMean.suggest(e.key(), knownKeys).map(k -> " (did you mean " + k + "?)").orElse("");
                throw new ConfigException(e.source(), e.line(), e.key(), "unknown key" + hint);
            }
        }
    }

    /** The scalar text of a key; an empty value counts as not set (the seed's "leave empty"). */
    Optional<String> text(String key) {
        Optional<ConfigEntry> entry = file.get(key);
        entry.ifPresent(e -> origins.put(key, e.line() > 0 ? e.origin() : e.source()));
        return entry.map(ConfigEntry::scalar).filter(v -> !v.isEmpty());
    }

    <T> Optional<T> optional(String key, Function<String, T> parser) {
        Optional<String> raw = text(key);
        origins.putIfAbsent(key, DEFAULT_ORIGIN);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(raw.get()));
        } catch (IllegalArgumentException e) {
            throw fail(key, "'" + raw.get() + "': " + e.getMessage());
        }
    }

    <T> T orDefault(String key, Function<String, T> parser, T defaultValue) {
        return optional(key, parser).orElse(defaultValue);
    }

    <T> T required(String key, Function<String, T> parser) {
        return optional(key, parser).orElseThrow(() -> fail(key, "is required but "
                + (file.get(key).isPresent() ? "empty" : "not set")));
    }

    /** An array (or a single scalar, as bash's "${KEY[@]}" reads it); each element checked. */
    List<String> array(String key, Consumer<String> elementCheck) {
        Optional<ConfigEntry> entry = file.get(key);
        if (entry.isEmpty()) {
            origins.put(key, DEFAULT_ORIGIN);
            return List.of();
        }
        ConfigEntry e = entry.get();
        origins.put(key, e.origin());
        List<String> values = e.array() ? e.values() : e.values().stream().filter(v -> !v.isEmpty()).toList();
        for (String v : values) {
            try {
                elementCheck.accept(v);
            } catch (IllegalArgumentException ex) {
                throw fail(key, ex.getMessage());
            }
        }
        return values;
    }

    /** A secret or key file must exist and be readable now, not at 2 a.m. during the backup. */
    void requireFile(String key, Path path, Predicate<Path> readableFile) {
        if (!readableFile.test(path)) {
            throw fail(key, "file " + path + " does not exist or is not a readable file");
        }
    }

    ConfigException fail(String key, String problem) {
        Optional<ConfigEntry> entry = file.get(key);
        return new ConfigException(entry.map(ConfigEntry::source).orElse(file.source()),
                entry.map(ConfigEntry::line).orElse(0), key, problem);
    }

    Map<String, String> origins() {
        return Map.copyOf(origins);
    }
}
