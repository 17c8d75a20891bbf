package org.btrfssendbackup.pruner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.btrfssendbackup.core.chain.RestorePoint;
import org.btrfssendbackup.core.integrity.CheckRecord;
import org.btrfssendbackup.core.integrity.CheckRecords;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SetDirectoryListing;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.InvalidManifestException;
import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.core.manifest.ManifestReader;

/**
 * Reads one set's directory into a {@link StoredSet}, with each stream's last integrity check
 * ({@link CheckRecords}). Only a stream file with a readable, matching manifest is a deletable
 * pair and a usable link. Everything else is left alone and reported:
 * <ul>
 * <li>a stream without a usable manifest is planned as a <em>damaged</em> point: it cannot be
 *     chained on or restored through our tools, so it and everything on it is unrestorable,
 *     kept and reported, and never deleted on half-knowledge;</li>
 * <li>an incremental without a usable manifest has an unknown parent. The producer always sends
 *     an incremental against its last confirmed snapshot, which is at or after the newest full
 *     stored before it, so only the streams from that full up to it are protected; pruning of
 *     older chains goes on;</li>
 * <li>a stream whose last check failed is damaged too (the cause names the check);</li>
 * <li>a manifest without its stream, foreign files, symlinks, stale temporary uploads.</li>
 * </ul>
 * The receiver renames the stream into place before writing its manifest; the pruner holds the
 * receiver's set lock while scanning, so a stream without a manifest is a cut-off upload, not
 * one in progress.
 */
public final class StoredSetScanner {

    /** Temporary uploads younger than this belong to a running upload and are not worth a warning. */
    public static final Duration STALE_PARTIAL_AGE = Duration.ofDays(1);
    /** The parent planned for an incremental whose manifest is missing: never a stored name. */
    static final String UNKNOWN_PARENT = "(unknown: no manifest)";

    private StoredSetScanner() {
    }

    public static StoredSet scan(StoreLayout layout, BackupSetName set, Instant now) throws IOException {
        Path dir = layout.setDirectory(set);
        List<PruneWarning> warnings = new ArrayList<>();
        Map<SnapshotName, List<StreamFileName>> streams = new TreeMap<>();
        Map<SnapshotName, Path> manifests = new TreeMap<>();
        SetDirectoryListing listing = SetDirectoryListing.of(dir);
        for (StreamFileName stream : listing.streamFiles()) {
            streams.computeIfAbsent(stream.snapshot(), s -> new ArrayList<>()).add(stream);
        }
        for (Path manifest : listing.manifests()) {
            manifests.put(SetDirectoryListing.manifestSnapshot(manifest.getFileName().toString()).orElseThrow(), manifest);
        }
        for (Path temporary : listing.temporaries()) {
            Instant modified = Files.getLastModifiedTime(temporary, LinkOption.NOFOLLOW_LINKS).toInstant();
            if (modified.isBefore(now.minus(STALE_PARTIAL_AGE))) {
                warnings.add(new PruneWarning(temporary.getFileName().toString(), "stale temporary upload (last written "
                        + modified + "); left alone, the receiver's business"));
            }
        }
        listing.pruningIntents().forEach(p -> warnings.add(new PruneWarning(p.getFileName().toString(),
                "an interrupted deletion; the next prune that is not a dry run resolves it")));
        listing.others().forEach(p -> warnings.add(new PruneWarning(p.getFileName().toString(),
                "not a stream file or manifest of this set; left alone")));
        listing.irregular().forEach(p -> warnings.add(new PruneWarning(p.getFileName().toString(),
                "not a regular file, not a stream file or manifest of this set; left alone")));
        CheckRecords checks = new CheckRecords(layout);
        List<StoredStream> planned = new ArrayList<>();
        Set<String> protect = new HashSet<>();
        Map<String, String> damaged = new HashMap<>();
        List<StoredStream> unknownParent = new ArrayList<>();
        for (Map.Entry<SnapshotName, List<StreamFileName>> e : streams.entrySet()) {
            SnapshotName snapshot = e.getKey();
            Path manifest = manifests.remove(snapshot);
            if (e.getValue().size() > 1) {
                e.getValue().forEach(f -> warnings.add(new PruneWarning(f.value(),
                        "stored as both full and incr; left alone")));
                continue;
            }
            StreamFileName file = e.getValue().get(0);
            Optional<CheckRecord> lastCheck = checks.read(set, snapshot);
            Optional<StoredStream> pair = readPair(dir, set, file, manifest, lastCheck, warnings);
            if (pair.isPresent()) {
                planned.add(pair.get());
                lastCheck.filter(check -> !check.passed()).ifPresent(check -> damaged.put(snapshot.value(),
                        "failed its check at " + check.checkedAt() + ": " + check.problem().orElseThrow()));
                continue;
            }
            // No usable manifest: planned as a damaged point, so it is kept and never chained on.
            RestorePoint point = file.kind() == StreamKind.FULL ? RestorePoint.full(snapshot.value(), snapshot.time())
                    : RestorePoint.incremental(snapshot.value(), snapshot.time(), UNKNOWN_PARENT);
            StoredStream stream = new StoredStream(point, file, Optional.empty(), Files.size(dir.resolve(file.value())),
                    Optional.empty(), lastCheck);
            planned.add(stream);
            damaged.put(snapshot.value(), "no usable manifest");
            if (file.kind() == StreamKind.INCR) {
                unknownParent.add(stream);
            }
        }
        manifests.forEach((snapshot, path) -> warnings.add(new PruneWarning(path.getFileName().toString(),
                "manifest without its stream file; left alone")));
        for (StoredStream orphan : unknownParent) {
            Instant from = planned.stream().filter(s -> s.point().isFull() && s.point().time().isBefore(orphan.point().time()))
                    .map(s -> s.point().time()).max(Comparator.naturalOrder()).orElse(Instant.MIN);
            planned.stream().filter(s -> !s.point().time().isBefore(from) && s.point().time().isBefore(orphan.point().time()))
                    .forEach(s -> protect.add(s.name()));
        }
        planned.sort(Comparator.comparing(StoredStream::point, RestorePoint.BY_TIME));
        return new StoredSet(set, planned, protect, damaged, warnings);
    }

    private static Optional<StoredStream> readPair(Path dir, BackupSetName set, StreamFileName file, Path manifestPath,
                                                   Optional<CheckRecord> lastCheck, List<PruneWarning> warnings)
            throws IOException {
        if (manifestPath == null) {
            warnings.add(new PruneWarning(file.value(), "stream without a manifest (an upload cut off before its"
                    + " manifest was written?); left alone" + consequence(file)));
            return Optional.empty();
        }
        Manifest manifest;
        try {
            manifest = ManifestReader.read(manifestPath, set);
        } catch (InvalidManifestException e) {
            warnings.add(new PruneWarning(file.value(), "unreadable manifest (" + e.getMessage() + "); left alone"
                    + consequence(file)));
            return Optional.empty();
        }
        if (!manifest.snapshot().equals(file.snapshot()) || !manifest.streamFile().equals(file)) {
            warnings.add(new PruneWarning(file.value(), "its manifest describes " + manifest.streamFile()
                    + "; left alone" + consequence(file)));
            return Optional.empty();
        }
        RestorePoint point = new RestorePoint(file.snapshot().value(), file.snapshot().time(), manifest.kind(),
                manifest.parent().map(SnapshotName::value).orElse(null));
        long bytes = Files.size(dir.resolve(file.value())) + Files.size(manifestPath);
        return Optional.of(new StoredStream(point, file, Optional.of(manifestPath.getFileName().toString()), bytes,
                Optional.of(manifest), lastCheck));
    }

    private static String consequence(StreamFileName file) {
        return file.kind() == StreamKind.INCR
                ? "; not restorable, and its parent is unknown, so the streams from the newest full before it"
                + " are kept until this is resolved"
                : "; not restorable, nor is anything that chains on it";
    }
}
