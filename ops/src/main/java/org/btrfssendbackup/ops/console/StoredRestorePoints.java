package org.btrfssendbackup.ops.console;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SetDirectoryListing;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.layout.StoredSets;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.InvalidManifestException;
import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.core.manifest.ManifestReader;

/**
 * The stored streams of BACKUP_ROOT as {@code list} rows, read through the one store reader
 * ({@link StoredSets}, {@link SetDirectoryListing}, {@link ManifestReader}), so it names the same
 * streams as the receiver, the pruner and verify. A stream without a readable manifest is a row
 * of kind "?" (no parent, size or host known) and a problem line; what it takes down is verify's
 * question, not this list's.
 */
public final class StoredRestorePoints {

    /** The rows, set by set and oldest first, and one line per stream that has no readable manifest. */
    public record Listing(List<RestorePointRow> rows, List<String> problems) {
    }

    private StoredRestorePoints() {
    }

    public static Listing read(Path backupRoot) throws IOException {
        StoreLayout layout = new StoreLayout(backupRoot);
        List<RestorePointRow> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (BackupSetName set : StoredSets.under(layout)) {
            SetDirectoryListing listing = SetDirectoryListing.of(layout.setDirectory(set));
            Set<StreamFileName> withManifest = new HashSet<>();
            for (Path file : listing.manifests()) {
                try {
                    Manifest manifest = ManifestReader.read(file, set);
                    withManifest.add(manifest.streamFile());
                    rows.add(row(set, manifest));
                } catch (InvalidManifestException e) {
                    problems.add(set + ": " + file.getFileName() + ": unreadable manifest: " + e.getMessage());
                }
            }
            for (StreamFileName stream : listing.streamFiles()) {
                if (!withManifest.contains(stream)) {
                    rows.add(new RestorePointRow(host(set, Optional.empty()), set.value(), stream.snapshot().value(), "?",
                            null, null, stream.snapshot().time()));
                    problems.add(set + ": " + stream + ": no readable manifest (see btrfs-backup-console verify)");
                }
            }
        }
        rows.sort(Comparator.comparing(RestorePointRow::set).thenComparing(RestorePointRow::time)
                .thenComparing(RestorePointRow::snapshot));
        return new Listing(rows, problems);
    }

    static RestorePointRow row(BackupSetName set, Manifest manifest) {
        return new RestorePointRow(host(set, manifest.producerHost()), set.value(), manifest.snapshot().value(),
                kind(manifest.kind()), manifest.parent().map(Object::toString).orElse(null),
                manifest.bytes().isPresent() ? manifest.bytes().getAsLong() : null, manifest.snapshot().time());
    }

    /** As btrbk words it: full or incremental. */
    static String kind(StreamKind kind) {
        return kind == StreamKind.FULL ? "full" : "incremental";
    }

    /** The manifest's producer host, else the first component of a HOST/SUBVOL set name, else "-". */
    static String host(BackupSetName set, Optional<String> producerHost) {
        if (producerHost.isPresent()) {
            return producerHost.get();
        }
        List<String> components = set.components();
        return components.size() > 1 ? components.get(0) : "-";
    }
}
