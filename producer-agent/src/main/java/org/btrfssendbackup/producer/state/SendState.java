package org.btrfssendbackup.producer.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamKind;

/**
 * What the producer remembers between runs, on disk next to the seed's STATE_FILE.
 *
 * <ul>
 * <li>STATE_FILE: the name of the last snapshot the receiver confirmed (seed-compatible: the
 *     seed wrote a full path, so a path is accepted and its last component taken).</li>
 * <li>STATE_FILE.last-full: the name of the last full stream confirmed, for FULL_INTERVAL_DAYS.
 *     The seed had no such file; when it is missing the receiver's manifests are asked.</li>
 * </ul>
 * Both move only after the receiver confirmed bytes and sha256 ({@link #confirm}).
 */
public final class SendState {

    public static final String LAST_FULL_SUFFIX = ".last-full";

    private final Path stateFile;
    private final Path lastFullFile;

    public SendState(Path stateFile) {
        this.stateFile = stateFile;
        this.lastFullFile = stateFile.resolveSibling(stateFile.getFileName() + LAST_FULL_SUFFIX);
    }

    public Path stateFile() {
        return stateFile;
    }

    public Path lastFullFile() {
        return lastFullFile;
    }

    /** The last confirmed snapshot, empty when there is no state file (or it is empty). */
    public Optional<SnapshotName> lastSent() throws IOException {
        return readName(stateFile);
    }

    /** The last confirmed full, empty when unknown. */
    public Optional<SnapshotName> lastFull() throws IOException {
        return readName(lastFullFile);
    }

    /**
     * Records a confirmed upload. Never moves backwards: a redelivered confirmation of an older
     * snapshot leaves a newer state alone (returns false).
     */
    public boolean confirm(SnapshotName snapshot, StreamKind kind) throws IOException {
        Optional<SnapshotName> current = lastSent();
        if (current.isPresent() && current.get().compareTo(snapshot) > 0) {
            return false;
        }
        if (kind == StreamKind.FULL) {
            AtomicFiles.write(lastFullFile, snapshot.value() + "\n");
        }
        AtomicFiles.write(stateFile, snapshot.value() + "\n");
        return true;
    }

    private static Optional<SnapshotName> readName(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String name = text.contains("/") ? text.substring(text.lastIndexOf('/') + 1) : text;
        try {
            return Optional.of(SnapshotName.parse(name));
        } catch (IllegalArgumentException e) {
            throw new IOException("read state file " + file + ": " + e.getMessage()
                    + " (expected a snapshot name such as prod-srv-rootfs-20240501T020500Z)", e);
        }
    }
}
