package org.btrfssendbackup.ops.restore;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.core.tools.Btrfs;
import org.btrfssendbackup.core.tools.SubvolumeInfo;

/**
 * What a previous (interrupted) restore left in the target, so a rerun resumes: the newest
 * link present as a completely received subvolume (read-only, with a received UUID) is kept
 * with everything before it, and receiving starts after it. A subvolume without a received
 * UUID is the remains of a receive that never finished; it is deleted, because it looks like a
 * backup and is not one.
 */
final class TargetState {

    private TargetState() {
    }

    /** Index of the first link to receive (chain.size() when everything is present). */
    static int resumeIndex(Btrfs btrfs, Path target, List<Manifest> chain, RestoreReporter reporter)
            throws RestoreException {
        for (int i = chain.size() - 1; i >= 0; i--) {
            Manifest link = chain.get(i);
            Path subvolume = target.resolve(link.snapshot().value());
            if (!Files.exists(subvolume, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            SubvolumeInfo info = inspect(btrfs, subvolume);
            if (info.receivedUuid().isPresent() && info.readOnly()) {
                checkSameSnapshot(subvolume, link, info.receivedUuid().get());
                return i + 1;
            }
            reporter.note("deleting " + subvolume + ": left by an interrupted receive (no received UUID)");
            btrfs.deleteSubvolume(subvolume);
        }
        return 0;
    }

    private static SubvolumeInfo inspect(Btrfs btrfs, Path subvolume) throws RestoreException {
        try {
            return btrfs.show(subvolume);
        } catch (ProcessFailedException e) {
            throw new RestoreException("restore into " + subvolume.getParent() + ": " + subvolume
                    + " exists and is not a btrfs subvolume; move it away or choose another --target", e);
        }
    }

    private static void checkSameSnapshot(Path subvolume, Manifest link, UUID received) throws RestoreException {
        if (link.uuids().snapshotUuid().isPresent() && !link.uuids().snapshotUuid().get().equals(received.toString())) {
            throw new RestoreException("restore into " + subvolume.getParent() + ": " + subvolume
                    + " holds a different snapshot (received UUID " + received + ", the manifest records "
                    + link.uuids().snapshotUuid().get() + "); choose an empty --target");
        }
    }
}
