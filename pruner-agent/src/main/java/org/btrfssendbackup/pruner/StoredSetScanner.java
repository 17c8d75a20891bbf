package org.btrfssendbackup.pruner;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.btrfssendbackup.core.chain.RestorePoint;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.InvalidManifestException;
import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.core.manifest.ManifestReader;

/**
 * Reads one set's directory into a {@link StoredSet}. Only a stream file with a readable,
 * matching manifest is a deletable pair. Everything else is left alone and reported:
 * <ul>
 * <li>a full stream without a usable manifest is planned (its kind is in its name) but
 *     protected, so it is never deleted on half-knowledge;</li>
 * <li>an incremental without a usable manifest has an unknown parent, so every older stream is
 *     protected until an operator resolves it: deleting its unknown ancestor would make it
 *     unrestorable;</li>
 * <li>a manifest without its stream, foreign files, symlinks, stale temporary uploads.</li>
 * </ul>
 * The receiver renames the stream into place before writing its manifest; the pruner holds the
 * receiver's set lock while scanning, so a stream without a manifest is a cut-off upload, not
 * one in progress.
 */
public final class StoredSetScanner {

    /** Temporary uploads younger than this belong to a running upload and are not worth a warning. */
    public static final Duration STALE_PARTIAL_AGE = Duration.ofDays(1);

    private StoredSetScanner() {
    }

    public static StoredSet scan(StoreLayout layout, BackupSetName set, Instant now) throws IOException {
        Path dir = layout.setDirectory(set);
        List<PruneWarning> warnings = new ArrayList<>();
        Map<SnapshotName, List<StreamFileName>> streams = new TreeMap<>();
        Map<SnapshotName, Path> manifests = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                classify(entry, now, streams, manifests, warnings);
            }
        }
        List<StoredStream> planned = new ArrayList<>();
        Set<String> protect = new HashSet<>();
        List<Instant> unresolvedIncrTimes = new ArrayList<>();
        for (Map.Entry<SnapshotName, List<StreamFileName>> e : streams.entrySet()) {
            SnapshotName snapshot = e.getKey();
            Path manifest = manifests.remove(snapshot);
            Optional<StoredStream> pair = e.getValue().size() == 1
                    ? readPair(dir, set, e.getValue().get(0), manifest, warnings) : Optional.empty();
            if (e.getValue().size() > 1) {
                e.getValue().forEach(f -> warnings.add(new PruneWarning(f.value(),
                        "stored as both full and incr; left alone")));
            }
            if (pair.isPresent()) {
                planned.add(pair.get());
            } else if (e.getValue().size() == 1 && e.getValue().get(0).kind() == StreamKind.FULL) {
                StreamFileName file = e.getValue().get(0);
                planned.add(new StoredStream(RestorePoint.full(snapshot.value(), snapshot.time()), file,
                        Optional.empty(), Files.size(dir.resolve(file.value()))));
                protect.add(snapshot.value());
            } else {
                unresolvedIncrTimes.add(snapshot.time());
            }
        }
        manifests.forEach((snapshot, path) -> warnings.add(new PruneWarning(path.getFileName().toString(),
                "manifest without its stream file; left alone")));
        unresolvedIncrTimes.stream().max(Comparator.naturalOrder()).ifPresent(newest -> planned.stream()
                .filter(s -> s.point().time().isBefore(newest))
                .forEach(s -> protect.add(s.name())));
        planned.sort(Comparator.comparing(StoredStream::point, RestorePoint.BY_TIME));
        return new StoredSet(set, planned, protect, warnings);
    }

    private static void classify(Path entry, Instant now, Map<SnapshotName, List<StreamFileName>> streams,
                                 Map<SnapshotName, Path> manifests, List<PruneWarning> warnings) throws IOException {
        String name = entry.getFileName().toString();
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            return; // a nested set (sets have up to three components) or an operator's directory
        }
        if (name.equals(SetLock.LOCK_FILE)) {
            return;
        }
        if (StoreLayout.isTemporaryName(name)) {
            Instant modified = Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toInstant();
            if (modified.isBefore(now.minus(STALE_PARTIAL_AGE))) {
                warnings.add(new PruneWarning(name, "stale temporary upload (last written " + modified
                        + "); left alone, the receiver's business"));
            }
            return;
        }
        boolean regular = Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS);
        Optional<StreamFileName> stream = regular ? StreamFileName.tryParse(name) : Optional.empty();
        Optional<SnapshotName> manifest = regular ? parseManifest(name) : Optional.empty();
        if (stream.isPresent()) {
            streams.computeIfAbsent(stream.get().snapshot(), s -> new ArrayList<>()).add(stream.get());
        } else if (manifest.isPresent()) {
            manifests.put(manifest.get(), entry);
        } else if (DeletionIntent.isIntentName(name)) {
            warnings.add(new PruneWarning(name, "an interrupted deletion; the next prune that is not a dry run resolves it"));
        } else {
            warnings.add(new PruneWarning(name, (regular ? "not" : "not a regular file, not")
                    + " a stream file or manifest of this set; left alone"));
        }
    }

    private static Optional<StoredStream> readPair(Path dir, BackupSetName set, StreamFileName file, Path manifestPath,
                                                   List<PruneWarning> warnings) throws IOException {
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
        return Optional.of(new StoredStream(point, file, Optional.of(manifestPath.getFileName().toString()), bytes));
    }

    private static String consequence(StreamFileName file) {
        return file.kind() == StreamKind.INCR
                ? "; its parent is unknown, so every older stream is kept until this is resolved" : "";
    }

    private static Optional<SnapshotName> parseManifest(String name) {
        if (!name.endsWith(StoreLayout.MANIFEST_SUFFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(SnapshotName.parse(name.substring(0, name.length() - StoreLayout.MANIFEST_SUFFIX.length())));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }
}
