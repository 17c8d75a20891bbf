package org.btrfssendbackup.pruner;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.btrfssendbackup.core.config.ScrubSettings;
import org.btrfssendbackup.core.integrity.CheckRecord;
import org.btrfssendbackup.core.layout.StoredSets;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scrub: re-reads stored streams against their manifests so damage is found while an
 * intact older copy still exists. Each pass checks the streams that are due (last known good
 * longer than SCRUB_PASS_DAYS ago; never-checked seed streams first), the longest-unchecked
 * first, across every set, until SCRUB_MAX_BYTES are read: the cost of a pass is bounded, and a
 * full pass over the store completes within SCRUB_PASS_DAYS when the budget is large enough
 * (the result's {@code dueRemaining} says when it is not). One stream is always checked,
 * however large, so a budget smaller than the biggest full never stalls the scrub.
 *
 * <p>Reads without the set lock: an upload only ever adds files, and a stream pruned meanwhile
 * is simply not recorded.
 */
public record Scrubber(StoreLayout layout, ScrubSettings settings, Clock clock) {

    private static final Logger LOG = LoggerFactory.getLogger(Scrubber.class);

    private record Due(BackupSetName set, StoredStream stream, List<StoredStream> setStreams) {
    }

    /** @param only one set, or empty for every set under BACKUP_ROOT */
    public ScrubResult scrub(Optional<BackupSetName> only) throws IOException {
        Instant start = clock.instant();
        Instant dueBefore = start.minus(Duration.ofDays(settings.passDays()));
        List<Due> due = new ArrayList<>();
        List<BackupSetName> sets = only.isPresent() ? List.of(only.get()) : StoredSets.under(layout);
        for (BackupSetName set : sets) {
            StoredSet stored = StoredSetScanner.scan(layout, set, start);
            for (StoredStream stream : stored.streams()) {
                if (stream.content().isPresent() && stream.lastVerified().isBefore(dueBefore)) {
                    due.add(new Due(set, stream, stored.streams()));
                }
            }
        }
        due.sort(Comparator.comparing((Due d) -> d.stream().lastVerified()).thenComparing(d -> d.set().value())
                .thenComparing(d -> d.stream().name()));
        StreamChecker checker = new StreamChecker(layout, clock);
        long bytesRead = 0;
        int checked = 0;
        List<CorruptStream> corrupt = new ArrayList<>();
        for (Due next : due) {
            if (checked > 0 && bytesRead + next.stream().bytes() > settings.maxBytesPerRun()) {
                break;
            }
            Optional<CheckRecord> record = checker.check(next.set(), next.stream());
            if (record.isEmpty()) {
                continue;
            }
            checked++;
            bytesRead += record.get().bytesRead();
            if (!record.get().passed()) {
                corrupt.add(StreamChecker.finding(next.set(), next.stream(), record.get(), next.setStreams()));
            }
        }
        ScrubResult result = new ScrubResult(checked, bytesRead, corrupt, due.size() - checked,
                Duration.between(start, clock.instant()));
        LOG.info("scrub: {} streams checked, {} bytes read, {} corrupt, {} still due", checked, bytesRead,
                corrupt.size(), result.dueRemaining());
        return result;
    }
}
