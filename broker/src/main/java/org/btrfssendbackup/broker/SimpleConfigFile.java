package org.btrfssendbackup.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minimal KEY=value reader for {@link BrokerMain}: blank lines and {@code #} comments are
 * skipped, one pair of surrounding quotes is removed. Stand-in until the shared config
 * parser from core/ is wired in by the lead.
 */
final class SimpleConfigFile {

    private SimpleConfigFile() {
    }

    static Map<String, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("read config " + file + ": " + e, e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0 || !line.substring(0, equals).matches("[A-Z][A-Z0-9_]*")) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected KEY=value, got \"" + line + "\"");
            }
            String value = line.substring(equals + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            values.put(line.substring(0, equals), value);
        }
        return values;
    }
}
