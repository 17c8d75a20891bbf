package org.btrfssendbackup.core.integrity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.layout.StorePaths;

/**
 * Where the last integrity check of each stored stream is kept:
 * {@code BACKUP_ROOT/.integrity/SET/SNAPSHOT.check}, plain {@code key=value} lines like a
 * manifest. A tree of its own, beside the sets rather than inside them, so the seed's layout
 * of a set directory (streams and manifests only) stays exactly as it was, and no set name
 * can collide with it (set names start with [A-Za-z0-9]). Written by the scrub and the
 * pruner's pre-deletion check; read by the pruner, the receiver, verify.
 *
 * <p>A record that cannot be read counts as no record: the stream is then due for a check,
 * which rewrites it. A record never makes a stream look better than its manifest does.
 */
public final class CheckRecords {

    public static final String DIRECTORY = ".integrity";
    public static final String SUFFIX = ".check";
    static final int FORMAT_VERSION = 1;
    private static final int MAX_BYTES = 16 * 1024;

    private final StoreLayout layout;

    public CheckRecords(StoreLayout layout) {
        this.layout = layout;
    }

    public Path fileFor(BackupSetName set, SnapshotName snapshot) {
        return layout.backupRoot().resolve(DIRECTORY).resolve(set.value()).resolve(snapshot.value() + SUFFIX);
    }

    /** The last check of the snapshot's stream; empty when there is none or it is unreadable. */
    public Optional<CheckRecord> read(BackupSetName set, SnapshotName snapshot) throws IOException {
        Path file = fileFor(set, snapshot);
        // a linked .integrity or set directory would let a record from elsewhere speak for this stream
        StorePaths.checkNoLinks(layout.backupRoot(), file);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_BYTES) {
            return Optional.empty();
        }
        try (InputStream in = StorePaths.newInputStream(layout.backupRoot(), file)) {
            return Optional.of(parse(new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8)));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IllegalArgumentException | DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }

    /** Replaces the record durably (temporary file, fsync, rename, directory fsync). */
    public void write(BackupSetName set, SnapshotName snapshot, CheckRecord record) throws IOException {
        Path file = fileFor(set, snapshot);
        Path dir = file.getParent();
        StorePaths.checkNoLinks(layout.backupRoot(), dir);
        Files.createDirectories(dir);
        StorePaths.checkNoLinks(layout.backupRoot(), dir);
        Path temporary = StoreLayout.temporaryFor(file, Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36));
        try {
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(format(record).getBytes(StandardCharsets.UTF_8));
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                directory.force(true);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Removes the record of a stream that is gone (the pruner deleted it). */
    public void delete(BackupSetName set, SnapshotName snapshot) throws IOException {
        Path file = fileFor(set, snapshot);
        StorePaths.checkNoLinks(layout.backupRoot(), file.getParent());
        Files.deleteIfExists(file);
    }

    static String format(CheckRecord record) {
        StringBuilder text = new StringBuilder();
        text.append("format_version=").append(FORMAT_VERSION).append('\n');
        text.append("stream_file=").append(record.streamFile()).append('\n');
        text.append("checked_at=").append(record.checkedAt()).append('\n');
        text.append("verdict=").append(record.verdict().name().toLowerCase(Locale.ROOT)).append('\n');
        record.problem().ifPresent(p -> text.append("problem=").append(p).append('\n'));
        text.append("bytes_read=").append(record.bytesRead()).append('\n');
        record.actualSha256().ifPresent(sha -> text.append("actual_sha256=").append(sha).append('\n'));
        return text.toString();
    }

    static CheckRecord parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (eq <= 0) {
                throw new IllegalArgumentException("check record: not key=value: " + line);
            }
            values.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return new CheckRecord(required(values, "stream_file"), Instant.parse(required(values, "checked_at")),
                CheckVerdict.valueOf(required(values, "verdict").toUpperCase(Locale.ROOT)),
                Optional.ofNullable(values.get("problem")), Long.parseLong(required(values, "bytes_read")),
                Optional.ofNullable(values.get("actual_sha256")));
    }

    private static String required(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("check record: no " + key);
        }
        return value;
    }
}
