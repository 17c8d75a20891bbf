package org.btrfssendbackup.core.config;

import java.util.List;
import java.util.Objects;

/**
 * One assignment in a shell-style config file.
 *
 * @param values one value for {@code KEY=value}, the elements for {@code KEY=(a b c)}
 * @param array  whether the assignment used the array syntax
 * @param source where it was read (file path)
 * @param line   1-based line of the assignment
 */
public record ConfigEntry(String key, List<String> values, boolean array, String source, int line) {

    public ConfigEntry {
        Objects.requireNonNull(key, "key");
        values = List.copyOf(values);
        Objects.requireNonNull(source, "source");
        if (!array && values.size() != 1) {
            throw new IllegalArgumentException("a scalar entry has exactly one value: " + key);
        }
    }

    /** The value of a scalar assignment; an array here is a configuration error. */
    public String scalar() {
        if (array) {
            throw new ConfigException(source, line, key, "must be a single value, not an array");
        }
        return values.get(0);
    }

    /** "FILE:LINE", for messages and {@code config check}. */
    public String origin() {
        return source + ":" + line;
    }
}
