package org.btrfssendbackup.producer.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.btrfssendbackup.core.layout.SnapshotName;

/**
 * The snapshot a run has taken but not yet had confirmed, in STATE_FILE.pending. It makes the
 * snapshot step idempotent (a redelivered BackupRequested of the same run reuses the snapshot
 * instead of taking a second one) and tells local retention which snapshot is being sent.
 */
public final class PendingRun {

    public static final String SUFFIX = ".pending";

    private final Path file;

    public PendingRun(Path stateFile) {
        this.file = stateFile.resolveSibling(stateFile.getFileName() + SUFFIX);
    }

    public Path file() {
        return file;
    }

    /**
     * @param runId       the run
     * @param requestedAt when its BackupRequested happened
     * @param sentSha256  sha256 of the last stream uploaded for this snapshot, once one was (else empty):
     *                    a redelivery that finds the snapshot stored compares the receiver's manifest with it
     * @param parent      the parent the run planned (SnapshotCreated's), once known: protected from local retention
     */
    public record Entry(String runId, SnapshotName snapshot, Instant requestedAt, Optional<String> sentSha256,
                        Optional<String> parent) {
        public Entry(String runId, SnapshotName snapshot, Instant requestedAt) {
            this(runId, snapshot, requestedAt, Optional.empty(), Optional.empty());
        }

        public Entry withSentSha256(String sha256) {
            return new Entry(runId, snapshot, requestedAt, Optional.of(sha256), parent);
        }

        public Entry withParent(String parentName) {
            return new Entry(runId, snapshot, requestedAt, sentSha256, Optional.of(parentName));
        }
    }

    public Optional<Entry> read() throws IOException {
        return AtomicFiles.readProperties(file, "pending run file", p -> new Entry(p.getProperty("runId"),
                SnapshotName.parse(p.getProperty("snapshot")), Instant.parse(p.getProperty("requestedAt")),
                Optional.ofNullable(p.getProperty("sentSha256")), Optional.ofNullable(p.getProperty("parent"))));
    }

    public void write(Entry entry) throws IOException {
        AtomicFiles.write(file, "runId=" + entry.runId() + "\nsnapshot=" + entry.snapshot().value()
                + "\nrequestedAt=" + entry.requestedAt() + "\n"
                + entry.sentSha256().map(sha -> "sentSha256=" + sha + "\n").orElse("")
                + entry.parent().map(parent -> "parent=" + parent + "\n").orElse(""));
    }

    /**
     * Records the parent the pending run planned for {@code snapshot} (SnapshotCreated's), so
     * local retention keeps it until the run is confirmed: deleting it would turn the run's
     * incremental into a full. Nothing happens if the pending run is another snapshot's.
     */
    public void recordParent(SnapshotName snapshot, String parentName) throws IOException {
        Optional<Entry> current = read();
        if (current.isPresent() && current.get().snapshot().equals(snapshot)
                && !current.get().parent().equals(Optional.of(parentName))) {
            write(current.get().withParent(parentName));
        }
    }

    /** Forgets the pending run if it is this snapshot's (an older redelivery must not clear a newer one). */
    public void clear(SnapshotName confirmed) throws IOException {
        Optional<Entry> current = read();
        if (current.isPresent() && current.get().snapshot().compareTo(confirmed) <= 0) {
            Files.deleteIfExists(file);
        }
    }
}
