package org.btrfssendbackup.ops.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.btrfssendbackup.core.chain.RestorePoint;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SetDirectoryListing;
import org.btrfssendbackup.core.layout.SetLock;
import org.btrfssendbackup.core.layout.StorePaths;
import org.btrfssendbackup.core.layout.SymbolicLinkInStoreException;
import org.btrfssendbackup.core.layout.StoredSets;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.InvalidManifestException;
import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.core.manifest.ManifestReader;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.retention.ChainIntegrity;
import org.btrfssendbackup.ops.restore.RestoreChain;
import org.btrfssendbackup.ops.restore.StoredFileCheck;

/**
 * Checks what backup-srv stores, without the passphrase: every manifest has its stream file
 * and every stream file its manifest; sizes and sha256 match; every point is restorable by the
 * pruner's rule (every link stored, with its manifest, intact), and each damaged file names the
 * restore points it takes down; every receiver temporary is reported: one of an interrupted upload
 * when the set's upload lock is free, one older than {@code staleAfter} under a held lock as
 * hung, younger ones under a held lock as uploads in progress (a note). With the passphrase it also decodes and parses
 * every stream ({@link StreamParseCheck}).
 */
public final class StoreVerifier {

    public static final Duration DEFAULT_STALE_AFTER = Duration.ofHours(24);

    /** Files hashed at once: SHA-256 keeps one core busy per file. */
    private static final int PARALLEL_FILES = Runtime.getRuntime().availableProcessors();

    private final Optional<StreamParseCheck> parseCheck;
    private final Duration staleAfter;
    private final Clock clock;

    public StoreVerifier(ProcessRunner runner, Optional<Passphrase> passphrase, Duration staleAfter, Clock clock) {
        this(passphrase.map(p -> new StreamParseCheck(Objects.requireNonNull(runner, "runner"), p)), staleAfter, clock);
    }

    private StoreVerifier(Optional<StreamParseCheck> parseCheck, Duration staleAfter, Clock clock) {
        this.parseCheck = parseCheck;
        this.staleAfter = Objects.requireNonNull(staleAfter, "staleAfter");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Sizes and sha256, no decoding: nothing runs a process, so no runner is needed. */
    public static StoreVerifier withoutPassphrase(Duration staleAfter, Clock clock) {
        return new StoreVerifier(Optional.empty(), staleAfter, clock);
    }

    /** @param onlySet empty: every set found under the root */
    public VerifyReport verify(Path backupRoot, Optional<BackupSetName> onlySet) throws IOException {
        StoreLayout layout = new StoreLayout(backupRoot.toAbsolutePath());
        List<Finding> rootFindings = new ArrayList<>();
        if (!Files.isDirectory(layout.backupRoot())) {
            rootFindings.add(Finding.problem("", "backup root " + layout.backupRoot() + " is not a directory"));
            return new VerifyReport(layout.backupRoot(), List.of(), rootFindings);
        }
        List<BackupSetName> sets = onlySet.map(List::of).orElse(StoredSets.under(layout));
        if (sets.isEmpty()) {
            rootFindings.add(Finding.note("", "no backup set found under " + layout.backupRoot()));
        }
        List<SetReport> reports = new ArrayList<>();
        for (BackupSetName set : sets) {
            reports.add(verifySet(layout, set));
        }
        return new VerifyReport(layout.backupRoot(), reports, rootFindings);
    }

    public SetReport verifySet(StoreLayout layout, BackupSetName set) throws IOException {
        Path dir = layout.setDirectory(set);
        List<Finding> findings = new ArrayList<>();
        try {
            StorePaths.checkNoLinks(layout.backupRoot(), dir);
        } catch (SymbolicLinkInStoreException e) {
            findings.add(Finding.problem("", e.getMessage()));
            return new SetReport(set, 0, 0, 0, 0, findings);
        }
        if (!Files.isDirectory(dir)) {
            findings.add(Finding.problem("", "set directory " + dir + " does not exist"));
            return new SetReport(set, 0, 0, 0, 0, findings);
        }
        SetDirectoryListing scan = SetDirectoryListing.of(dir);
        Map<String, Manifest> manifests = readManifests(scan, set, findings);
        Map<String, Path> streams = new TreeMap<>();
        scan.streams().forEach(p -> streams.put(p.getFileName().toString(), p));

        int checked = 0;
        int decoded = 0;
        long bytes = 0;
        List<RestorePoint> stored = new ArrayList<>();
        Map<String, String> damaged = new TreeMap<>();
        // the sha256 of several files is computed at once; findings are still made in this order
        try (FileChecks fileChecks = FileChecks.start(checksOf(manifests, streams), PARALLEL_FILES)) {
            int index = 0;
            for (Manifest m : manifests.values()) {
                String name = m.streamFile().value();
                Path file = streams.remove(name);
                if (file == null) {
                    findings.add(Finding.problem(name, "manifest " + m.snapshot() + StoreLayout.MANIFEST_SUFFIX
                            + " has no stream file " + name));
                    continue;
                }
                stored.add(RestoreChain.point(m));
                bytes += Files.size(file);
                Optional<String> problem = fileChecks.problem(index++);
                if (problem.isPresent()) {
                    findings.add(Finding.problem(name, problem.get()));
                    damaged.put(m.snapshot().value(), name + ": " + problem.get());
                    continue;
                }
                if (StoredFileCheck.unchecked(m)) {
                    findings.add(Finding.note(name, "manifest records no size or sha256 (seed manifest): not checked"));
                } else {
                    checked++;
                }
                if (parseCheck.isPresent()) {
                    Optional<String> parseProblem = parseCheck.get().problem(file);
                    if (parseProblem.isPresent()) {
                        findings.add(Finding.problem(name, parseProblem.get()));
                    } else {
                        decoded++;
                    }
                }
            }
        }
        for (String name : streams.keySet()) {
            findings.add(Finding.problem(name, "stream file has no manifest: not restorable, never chained on"));
            StreamFileName.tryParse(name).ifPresent(f -> {
                String snapshot = f.snapshot().value();
                stored.add(f.kind() == StreamKind.FULL ? RestorePoint.full(snapshot, f.snapshot().time())
                        : RestorePoint.incremental(snapshot, f.snapshot().time(), "(unknown: no manifest)"));
                damaged.put(snapshot, name + ": no manifest");
            });
        }
        findUnrestorable(stored, damaged, findings);
        findTemporaries(scan, dir, findings);
        scan.others().forEach(p -> findings.add(Finding.note(p.getFileName().toString(), "not a file of the store")));
        scan.irregular().forEach(p -> findings.add(Finding.note(p.getFileName().toString(),
                "not a regular file (a link or a special file): not part of the store")));
        scan.pruningIntents().forEach(p -> findings.add(Finding.note(p.getFileName().toString(),
                "an interrupted deletion of the pruner; its next run resolves it")));
        return new SetReport(set, scan.streams().size(), checked, decoded, bytes, findings);
    }

    /** The stored files with a manifest, in the order {@link #verifySet} takes their results. */
    private static List<FileChecks.Check> checksOf(Map<String, Manifest> manifests, Map<String, Path> streams) {
        List<FileChecks.Check> checks = new ArrayList<>();
        for (Manifest m : manifests.values()) {
            Path file = streams.get(m.streamFile().value());
            if (file != null) {
                checks.add(new FileChecks.Check(file, m));
            }
        }
        return checks;
    }

    private static Map<String, Manifest> readManifests(SetDirectoryListing scan, BackupSetName set, List<Finding> findings)
            throws IOException {
        Map<String, Manifest> manifests = new TreeMap<>();
        for (Path file : scan.manifests()) {
            String name = file.getFileName().toString();
            try {
                Manifest m = ManifestReader.read(file, set);
                if (!name.equals(m.snapshot().value() + StoreLayout.MANIFEST_SUFFIX)) {
                    findings.add(Finding.problem(name, "manifest describes snapshot " + m.snapshot()
                            + ", which does not match its file name"));
                    continue;
                }
                manifests.put(m.snapshot().value(), m);
            } catch (InvalidManifestException e) {
                findings.add(Finding.problem(name, "unreadable manifest: " + e.getMessage()));
            }
        }
        return manifests;
    }

    /**
     * Every stored point that cannot be restored, with the first problem on its chain, and for
     * each damaged file the restore points it takes down (the same rule as the pruner's).
     */
    private static void findUnrestorable(List<RestorePoint> stored, Map<String, String> damaged, List<Finding> findings) {
        Map<String, String> broken = ChainIntegrity.unrestorable(stored, damaged);
        broken.forEach((point, cause) -> findings.add(Finding.problem(point, "not restorable: " + cause)));
        for (String bad : damaged.keySet()) {
            List<String> takenDown = new ArrayList<>(ChainIntegrity.unrestorable(stored, Map.of(bad, "damaged")).keySet());
            findings.add(Finding.problem(bad, "a damaged link: restore points it takes down: " + String.join(", ", takenDown)));
        }
    }

    /**
     * Every receiver temporary is reported. While no upload or prune holds the set's upload lock,
     * a temporary belongs to an upload that died (a killed receiver, a crash): a problem, which the
     * next put-stream to the set deletes. While the lock is held it is normally the upload in
     * progress (a note), unless it has not been written for {@code staleAfter} (a hung upload).
     */
    private void findTemporaries(SetDirectoryListing scan, Path dir, List<Finding> findings) throws IOException {
        if (scan.temporaries().isEmpty()) {
            return;
        }
        boolean lockHeld = SetLock.isHeld(SetLock.uploadLockOf(dir));
        Instant staleBefore = clock.instant().minus(staleAfter);
        for (Path temporary : scan.temporaries()) {
            Instant modified = Files.getLastModifiedTime(temporary).toInstant();
            String facts = Files.size(temporary) + " bytes, last written " + modified;
            String name = temporary.getFileName().toString();
            if (!lockHeld) {
                findings.add(Finding.problem(name, "interrupted upload: temporary file of an upload that no longer"
                        + " runs (" + facts + "; no upload holds the set's lock); the next put-stream to this set"
                        + " deletes it"));
            } else if (modified.isBefore(staleBefore)) {
                findings.add(Finding.problem(name, "stale temporary file of an upload that never finished (" + facts
                        + ") while the set's upload lock is held: a hung upload or prune?"));
            } else {
                findings.add(Finding.note(name, "upload in progress (" + facts + ")"));
            }
        }
    }
}
