package org.btrfssendbackup.core.tools;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Parses the output of {@code btrfs subvolume show} (btrfs-progs 5.x and 6.x, LC_ALL=C). */
public final class SubvolumeShowParser {

    private SubvolumeShowParser() {
    }

    public static SubvolumeInfo parse(List<String> lines) {
        Map<String, String> fields = new HashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            // Field lines are indented "Key: value"; the first line is the path, "Snapshot(s):" a list.
            if (colon > 0 && (line.startsWith("\t") || line.startsWith(" "))) {
                fields.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        String flags = fields.getOrDefault("Flags", "");
        return new SubvolumeInfo(
                required(fields, "Name"),
                uuid(fields, "UUID").orElseThrow(() -> malformed("UUID", lines)),
                uuid(fields, "Parent UUID"),
                uuid(fields, "Received UUID"),
                Long.parseLong(required(fields, "Generation")),
                List.of(flags.split("[ ,]+")).contains("readonly"));
    }

    private static String required(Map<String, String> fields, String key) {
        String v = fields.get(key);
        if (v == null) {
            throw new IllegalArgumentException("btrfs subvolume show output has no '" + key + "' field");
        }
        return v;
    }

    private static Optional<UUID> uuid(Map<String, String> fields, String key) {
        String v = fields.get(key);
        if (v == null || v.equals("-")) {
            return Optional.empty();
        }
        return Optional.of(UUID.fromString(v));
    }

    private static IllegalArgumentException malformed(String key, List<String> lines) {
        return new IllegalArgumentException("btrfs subvolume show output has no usable '" + key + "': " + lines);
    }
}
