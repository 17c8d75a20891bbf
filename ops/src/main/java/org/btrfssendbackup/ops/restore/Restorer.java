package org.btrfssendbackup.ops.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.btrfssendbackup.core.crypto.DerivedKeys;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.core.tools.Btrfs;

/**
 * Restores one snapshot of a backup set into a directory on btrfs: plans the chain from the
 * manifests, skips links a previous run already received, checks the stored files, and
 * receives the rest in order.
 *
 * <p>When checksums are checked: files of a {@link StreamSource#checkableUpFront() local}
 * source are checked for presence and size before anything is received, so a missing or cut
 * file stops the restore before it changes the target; every file is hashed on the way and
 * checked at the end of each file (see {@link LinkReceiver}), together with the OpenPGP
 * integrity check, and a link failing either is deleted from the target.
 */
public final class Restorer {

    private final Btrfs btrfs;
    private final RestoreReporter reporter;

    public Restorer(Btrfs btrfs, RestoreReporter reporter) {
        this.btrfs = Objects.requireNonNull(btrfs, "btrfs");
        this.reporter = Objects.requireNonNull(reporter, "reporter");
    }

    /**
     * @param snapshot   the snapshot name to restore; empty means the newest stored
     * @param target     an existing directory on btrfs; snapshots appear in it under their names
     */
    public RestoreResult restore(StreamSource source, Optional<String> snapshot, Passphrase passphrase, Path target)
            throws RestoreException {
        Path targetDir = target.toAbsolutePath().normalize();
        if (!Files.isDirectory(targetDir)) {
            throw new RestoreException("restore into " + targetDir + ": not a directory (create it on a btrfs filesystem)");
        }
        StreamSource.Listing listing;
        try {
            listing = source.list();
        } catch (IOException e) {
            throw new RestoreException("restore: cannot list the stored streams: " + e.getMessage(), e);
        }
        List<String> warnings = new ArrayList<>(listing.warnings());
        warnings.forEach(reporter::note);
        List<Manifest> chain = RestoreChain.plan(source.set(), listing.manifests(), snapshot);
        // Keys are derived ahead only from local files (over SSH the stream is read once); the
        // thread stops and keys not taken are wiped when the restore ends, also on a failure.
        try (DerivedKeys keys = source.checkableUpFront() ? DerivedKeys.inBackground(passphrase) : DerivedKeys.none()) {
            // the first link's key is derived while the target is checked (btrfs calls)
            prefetch(keys, source, chain.get(0));
            int resume = TargetState.resumeIndex(btrfs, targetDir, chain, reporter);
            List<Manifest> toReceive = chain.subList(resume, chain.size());
            if (resume > 0 && !toReceive.isEmpty()) {
                prefetch(keys, source, toReceive.get(0));
            }
            warnAboutUncheckable(toReceive, source, warnings);
            if (source.checkableUpFront()) {
                checkAll(source, toReceive);
            }
            List<LinkOutcome> outcomes = new ArrayList<>();
            for (Manifest present : chain.subList(0, resume)) {
                outcomes.add(new LinkOutcome(present.snapshot().value(), present.streamFile().value(),
                        LinkOutcome.Status.ALREADY_PRESENT, targetDir.resolve(present.snapshot().value()), 0, 0,
                        Duration.ZERO));
            }
            LinkReceiver receiver = new LinkReceiver(btrfs, passphrase, keys, reporter);
            for (int i = 0; i < toReceive.size(); i++) {
                Manifest link = toReceive.get(i);
                if (i + 1 < toReceive.size()) {
                    // queued behind this link's own key: derived while this link is received
                    prefetch(keys, source, toReceive.get(i + 1));
                }
                reporter.note("receiving " + source.describe(link));
                outcomes.add(receiver.receive(source, link, targetDir));
            }
            Manifest last = chain.get(chain.size() - 1);
            return new RestoreResult(source.set(), last.snapshot().value(), targetDir.resolve(last.snapshot().value()),
                    outcomes, warnings);
        }
    }

    private static void prefetch(DerivedKeys keys, StreamSource source, Manifest link) {
        source.localFile(link).ifPresent(keys::prefetch);
    }

    private static void checkAll(StreamSource source, List<Manifest> links) throws RestoreException {
        for (Manifest link : links) {
            try {
                source.checkUpFront(link);
            } catch (IOException e) {
                throw new RestoreException("restore " + link.snapshot() + ": cannot read " + source.describe(link)
                        + ": " + e.getMessage() + "; nothing was received", e);
            }
        }
    }

    private void warnAboutUncheckable(List<Manifest> links, StreamSource source, List<String> warnings) {
        for (Manifest link : links) {
            if (StoredFileCheck.unchecked(link)) {
                String warning = source.describe(link) + ": the manifest records no size or sha256 (a seed manifest);"
                        + " only the OpenPGP integrity check protects it";
                warnings.add(warning);
                reporter.note(warning);
            }
        }
    }
}
