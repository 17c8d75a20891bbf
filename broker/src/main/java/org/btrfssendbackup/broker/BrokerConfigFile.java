package org.btrfssendbackup.broker;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.btrfssendbackup.core.config.ConfigEntry;
import org.btrfssendbackup.core.config.ConfigFile;
import org.btrfssendbackup.core.config.ShellConfigParser;

/**
 * The broker service's config file read with the project's one shell-style parser, so it
 * accepts exactly what the agents' files accept (quotes, comments, no expansion). Every key is
 * a single value; an array or a syntax error is a {@link org.btrfssendbackup.core.config.ConfigException}
 * naming file, line and key.
 */
final class BrokerConfigFile {

    private BrokerConfigFile() {
    }

    /** The KEY=value pairs {@link BrokerSettings#fromMap} expects, the line of each (for errors), and the parser's warnings. */
    record Values(Map<String, String> values, Map<String, Integer> lines, List<String> warnings) {
    }

    static Values read(Path file) {
        ConfigFile parsed = ShellConfigParser.parse(file);
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (ConfigEntry entry : parsed.entries().values()) {
            values.put(entry.key(), entry.scalar());
            lines.put(entry.key(), entry.line());
        }
        return new Values(values, lines, parsed.warnings());
    }
}
