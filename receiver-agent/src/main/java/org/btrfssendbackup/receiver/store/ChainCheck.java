package org.btrfssendbackup.receiver.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.btrfssendbackup.core.chain.RestorePoint;
import org.btrfssendbackup.core.integrity.CheckRecords;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.InvalidManifestException;
import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.core.manifest.ManifestReader;
import org.btrfssendbackup.core.retention.ChainIntegrity;

/**
 * Which stored streams of a set can be chained on: restorable by the pruner's rule (every link
 * stored, with a readable manifest, last integrity check passed). An incremental is accepted
 * only on such a parent, and {@code list} says which are not, so the producer sends a full
 * instead of stacking new incrementals on a damaged base.
 */
public final class ChainCheck {

    private final StoreLayout layout;
    private final StoreCatalog catalog;
    private final CheckRecords checks;

    public ChainCheck(StoreLayout layout, StoreCatalog catalog) {
        this.layout = layout;
        this.catalog = catalog;
        this.checks = new CheckRecords(layout);
    }

    /** Snapshot name to why it is not restorable; a stored name not in the map is restorable. */
    public Map<String, String> unrestorable(BackupSetName set) throws IOException {
        List<RestorePoint> points = new ArrayList<>();
        Map<String, String> damaged = new HashMap<>();
        for (StreamFileName file : catalog.streams(set)) {
            String name = file.snapshot().value();
            Optional<Manifest> manifest = manifestOf(set, file);
            if (manifest.isEmpty()) {
                damaged.put(name, "no usable manifest");
                points.add(file.kind() == StreamKind.FULL ? RestorePoint.full(name, file.snapshot().time())
                        : RestorePoint.incremental(name, file.snapshot().time(), "(unknown: no manifest)"));
                continue;
            }
            points.add(new RestorePoint(name, file.snapshot().time(), manifest.get().kind(),
                    manifest.get().parent().map(p -> p.value()).orElse(null)));
            checks.read(set, file.snapshot()).filter(check -> !check.passed()).ifPresent(check ->
                    damaged.put(name, "failed its check at " + check.checkedAt() + ": " + check.problem().orElseThrow()));
        }
        return ChainIntegrity.unrestorable(points, damaged);
    }

    private Optional<Manifest> manifestOf(BackupSetName set, StreamFileName file) throws IOException {
        Path path = layout.manifestFile(set, file.snapshot());
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            Manifest manifest = ManifestReader.read(path, set);
            return manifest.streamFile().equals(file) ? Optional.of(manifest) : Optional.empty();
        } catch (InvalidManifestException unreadable) {
            return Optional.empty();
        }
    }
}
