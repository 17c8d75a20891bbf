package org.btrfssendbackup.core.tools;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Guards shared by the argv builders. A value that starts with '-' would be read as an
 * option by the tool (option injection), so paths must be absolute and names must not
 * start with '-'.
 */
final class ArgChecks {

    private ArgChecks() {
    }

    static String absolute(String what, Path path) {
        Objects.requireNonNull(path, what);
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException(what + " must be an absolute path: " + path);
        }
        return path.toString();
    }

    static String name(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() || value.startsWith("-") || value.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException(
                    what + " must be non-empty, not start with '-', and contain no spaces or control characters: '"
                            + value + "'");
        }
        return value;
    }
}
