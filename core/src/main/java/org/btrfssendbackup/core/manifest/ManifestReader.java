package org.btrfssendbackup.core.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.NameText;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;

/**
 * Reads manifest files, leniently where compatibility needs it and strictly where a value is
 * used: keys are case-insensitive ('-' = '_'), values may be wrapped in one pair of quotes,
 * unknown keys are kept, and everything but {@code snapshot} may be missing (seed manifests
 * record only snapshot and parent). Missing values are derived: set from the directory, kind
 * from the presence of a parent, created from the snapshot name, compression "unknown".
 */
public final class ManifestReader {

    /** Manifests are a few hundred bytes; anything far larger is not one. */
    public static final int MAX_BYTES = 64 * 1024;

    private ManifestReader() {
    }

    public static Manifest read(Path file, BackupSetName setOfDirectory) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidManifestException("manifest " + file + ": not a regular file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw new InvalidManifestException("manifest " + file + ": larger than " + MAX_BYTES + " bytes");
        }
        return read(new String(bytes, StandardCharsets.UTF_8), setOfDirectory, file.toString());
    }

    /**
     * @param setOfDirectory the set whose directory holds the file; a recorded set must match it
     * @param source names the manifest in error messages
     */
    public static Manifest read(String text, BackupSetName setOfDirectory, String source) {
        Map<String, String> values = new HashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new InvalidManifestException("manifest " + source + " line " + (i + 1)
                        + ": '" + NameText.quote(line) + "' is not key=value");
            }
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT).replace('-', '_');
            if (values.put(key, unquote(line.substring(eq + 1).strip())) != null) {
                throw new InvalidManifestException("manifest " + source + " line " + (i + 1)
                        + ": key '" + NameText.quote(key) + "' appears twice");
            }
            lineOf.put(key, i + 1);
        }
        try {
            return toManifest(values, setOfDirectory);
        } catch (KeyException e) {
            Integer line = lineOf.get(e.key);
            throw new InvalidManifestException("manifest " + source + (line == null ? "" : " line " + line)
                    + ": " + e.getMessage(), e.getCause());
        } catch (IllegalArgumentException e) {
            throw new InvalidManifestException("manifest " + source + ": " + e.getMessage(), e);
        }
    }

    private static Manifest toManifest(Map<String, String> v, BackupSetName setOfDirectory) {
        SnapshotName snapshot = get(v, ManifestKeys.SNAPSHOT).map(s -> parse(ManifestKeys.SNAPSHOT, () -> SnapshotName.parse(s)))
                .orElseThrow(() -> new KeyException(ManifestKeys.SNAPSHOT, "required key 'snapshot' is missing", null));
        Optional<BackupSetName> recordedSet = get(v, ManifestKeys.SET).map(s -> parse(ManifestKeys.SET, () -> BackupSetName.of(s)));
        if (recordedSet.isPresent() && setOfDirectory != null && !recordedSet.get().equals(setOfDirectory)) {
            throw new KeyException(ManifestKeys.SET, "set " + recordedSet.get() + " does not match its directory's set "
                    + setOfDirectory, null);
        }
        BackupSetName set = recordedSet.or(() -> Optional.ofNullable(setOfDirectory))
                .orElseThrow(() -> new KeyException(ManifestKeys.SET, "key 'set' is missing and no directory set is known", null));
        Optional<SnapshotName> parent = get(v, ManifestKeys.PARENT).map(s -> parse(ManifestKeys.PARENT, () -> SnapshotName.parse(s)));
        StreamKind kind = get(v, ManifestKeys.KIND).map(s -> parse(ManifestKeys.KIND, () -> StreamKind.parse(s)))
                .orElse(parent.isPresent() ? StreamKind.INCR : StreamKind.FULL);
        StreamFileName streamFile = get(v, ManifestKeys.STREAM_FILE)
                .map(s -> parse(ManifestKeys.STREAM_FILE, () -> StreamFileName.parse(s)))
                .orElse(StreamFileName.of(snapshot, kind));
        OptionalLong bytes = get(v, ManifestKeys.BYTES)
                .map(s -> OptionalLong.of(parse(ManifestKeys.BYTES, () -> Long.parseLong(s))))
                .orElse(OptionalLong.empty());
        Map<String, String> others = new TreeMap<>(v);
        others.keySet().removeAll(ManifestKeys.KNOWN);
        return new Manifest(
                get(v, ManifestKeys.FORMAT_VERSION).map(s -> parse(ManifestKeys.FORMAT_VERSION, () -> Integer.parseInt(s))).orElse(0),
                set, snapshot, kind, parent, streamFile, bytes,
                get(v, ManifestKeys.SHA256).map(s -> s.toLowerCase(Locale.ROOT)),
                get(v, ManifestKeys.COMPRESSION).map(s -> parse(ManifestKeys.COMPRESSION, () -> Compression.parse(s)))
                        .orElse(Compression.UNKNOWN),
                get(v, ManifestKeys.ENCRYPTION).orElse(Manifest.ENCRYPTION_UNKNOWN),
                get(v, ManifestKeys.PRODUCER_HOST),
                new BtrfsUuids(get(v, ManifestKeys.SNAPSHOT_UUID), get(v, ManifestKeys.PARENT_UUID)),
                get(v, ManifestKeys.CREATED).map(s -> parse(ManifestKeys.CREATED, () -> Instant.parse(s))).orElse(snapshot.time()),
                get(v, ManifestKeys.RECEIVED).map(s -> parse(ManifestKeys.RECEIVED, () -> Instant.parse(s))),
                others);
    }

    /** An empty value counts as absent: the seed writes "parent=" for full streams. */
    private static Optional<String> get(Map<String, String> values, String key) {
        return Optional.ofNullable(values.get(key)).filter(s -> !s.isEmpty());
    }

    private static <T> T parse(String key, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new KeyException(key, "value of '" + key + "' is invalid: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new KeyException(key, e.getMessage(), e);
        }
    }

    private static String unquote(String value) {
        if (value.length() >= 2) {
            char first = value.charAt(0);
            if ((first == '"' || first == '\'') && value.charAt(value.length() - 1) == first) {
                return value.substring(1, value.length() - 1);
            }
        }
        return value;
    }

    /** Carries the key at fault so the message can name its line. */
    private static final class KeyException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final transient String key;

        KeyException(String key, String message, Throwable cause) {
            super(message, cause);
            this.key = key;
        }
    }
}
