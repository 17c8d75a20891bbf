package org.btrfssendbackup.core.config;

import java.util.Optional;

/**
 * A configuration is unusable. The message names the source (file and line when known) and
 * the key, so an operator can fix it without reading code.
 */
public class ConfigException extends RuntimeException {

    private final String source;
    private final int line;
    private final String key;

    /**
     * @param source the file path, or "environment"
     * @param line   1-based line number, or 0 when the problem has no line (a missing key)
     * @param key    the key at fault, or null for a syntax error before any key
     */
    public ConfigException(String source, int line, String key, String problem) {
        super(format(source, line, key, problem));
        this.source = source;
        this.line = line;
        this.key = key;
    }

    public String source() {
        return source;
    }

    /** 1-based line number; 0 when not tied to a line. */
    public int line() {
        return line;
    }

    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    private static String format(String source, int line, String key, String problem) {
        StringBuilder b = new StringBuilder(source);
        if (line > 0) {
            b.append(':').append(line);
        }
        b.append(": ");
        if (key != null) {
            b.append(key).append(": ");
        }
        return b.append(problem).toString();
    }
}
