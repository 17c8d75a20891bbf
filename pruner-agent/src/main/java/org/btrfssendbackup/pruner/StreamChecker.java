package org.btrfssendbackup.pruner;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.btrfssendbackup.core.integrity.CheckRecord;
import org.btrfssendbackup.core.integrity.CheckRecords;
import org.btrfssendbackup.core.integrity.StreamCheck;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.retention.ChainIntegrity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks stored streams of one set now and records the results: the scrub's and the pruner's
 * one way of re-reading a stream against its manifest.
 */
final class StreamChecker {

    private static final Logger LOG = LoggerFactory.getLogger(StreamChecker.class);

    private final StoreLayout layout;
    private final CheckRecords records;
    private final Clock clock;

    StreamChecker(StoreLayout layout, Clock clock) {
        this.layout = layout;
        this.records = new CheckRecords(layout);
        this.clock = clock;
    }

    /**
     * Re-reads one stream with a manifest and records the result.
     *
     * @param all every stream of the set, to name the restore points a damaged one takes down
     * @return the new record; empty when the stream vanished meanwhile (a concurrent prune)
     */
    Optional<CheckRecord> check(BackupSetName set, StoredStream stream) throws IOException {
        if (stream.content().isEmpty()) {
            throw new IllegalArgumentException("check " + set + "/" + stream.file() + ": it has no manifest to compare with");
        }
        Path file = layout.streamFile(set, stream.file());
        CheckRecord record;
        try {
            record = StreamCheck.check(file, stream.content().get(), clock);
        } catch (NoSuchFileException gone) {
            LOG.info("check {}/{}: gone meanwhile (pruned?); nothing to record", set, stream.file());
            return Optional.empty();
        }
        records.write(set, stream.file().snapshot(), record);
        if (record.passed()) {
            LOG.info("check {}/{}: ok ({} bytes)", set, stream.file(), record.bytesRead());
        } else {
            LOG.error("check {}/{}: CORRUPT: {}", set, stream.file(), record.problem().orElseThrow());
        }
        return Optional.of(record);
    }

    /** What a failed check means for the set: the finding with every restore point it takes down. */
    static CorruptStream finding(BackupSetName set, StoredStream stream, CheckRecord failed, List<StoredStream> all) {
        Map<String, String> takenDown = ChainIntegrity.unrestorable(all.stream().map(StoredStream::point).toList(),
                Map.of(stream.name(), failed.problem().orElseThrow()));
        return new CorruptStream(set, stream.file(), failed.problem().orElseThrow(),
                stream.content().flatMap(m -> m.sha256()), failed.actualSha256(), new ArrayList<>(takenDown.keySet()));
    }

    void forget(BackupSetName set, StoredStream stream) throws IOException {
        records.delete(set, stream.file().snapshot());
    }
}
