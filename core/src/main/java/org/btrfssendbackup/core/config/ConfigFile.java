package org.btrfssendbackup.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed config file: the effective entry per key (the last assignment wins, as when a shell
 * sources the file) and warnings about what a reader might not expect, such as a key set twice.
 */
public record ConfigFile(String source, Map<String, ConfigEntry> entries, List<String> warnings) {

    public ConfigFile {
        Objects.requireNonNull(source, "source");
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        warnings = List.copyOf(warnings);
    }

    public Optional<ConfigEntry> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }
}
