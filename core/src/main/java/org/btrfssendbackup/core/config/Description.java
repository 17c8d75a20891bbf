package org.btrfssendbackup.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Builds the {@code config check} rendering: one {@code KEY=value} line per setting, in the
 * config file's own syntax (so it can be pasted back), with where the value came from. Secret
 * files appear by path only; their content is never read here.
 */
final class Description {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:@%+,=-]*");

    private final Map<String, String> origins;
    private final List<String> lines = new ArrayList<>();

    Description(Map<String, String> origins) {
        this.origins = origins;
    }

    Description add(String key, Object value) {
        String text = value instanceof Optional<?> o ? o.map(Object::toString).orElse("") : String.valueOf(value);
        return line(key, key + "=" + quote(text));
    }

    Description addArray(String key, List<String> values) {
        return line(key, key + "=(" + String.join(" ", values.stream().map(Description::quote).toList()) + ")");
    }

    private Description line(String key, String assignment) {
        lines.add(String.format("%-48s # %s", assignment, origins.getOrDefault(key, ConfigReader.DEFAULT_ORIGIN)));
        return this;
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    private static String quote(String v) {
        return PLAIN.matcher(v).matches() ? v : "'" + v.replace("'", "'\"'\"'") + "'";
    }
}
