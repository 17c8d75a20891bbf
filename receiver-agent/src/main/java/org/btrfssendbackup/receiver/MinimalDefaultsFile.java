package org.btrfssendbackup.receiver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stop-gap reader for /etc/default/btrfs-backup-receive until the shared config parser is
 * wired in: {@code KEY=value} lines, '#' comments, one optional pair of surrounding quotes.
 * Nothing is evaluated; a line it does not understand is an error naming the line.
 */
public record MinimalDefaultsFile(Path file) implements ReceiverConfigSource {

    public static final Path DEFAULT = Path.of("/etc/default/btrfs-backup-receive");

    @Override
    public Map<String, String> load() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? "" : line.substring(0, eq);
            if (!key.matches("[A-Z][A-Z0-9_]*")) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected KEY=value");
            }
            String value = line.substring(eq + 1);
            if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                    && value.charAt(value.length() - 1) == value.charAt(0)) {
                value = value.substring(1, value.length() - 1);
            }
            if (values.put(key, value) != null) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + key + " is set twice");
            }
        }
        return values;
    }
}
