package org.btrfssendbackup.ops.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.btrfssendbackup.core.config.ScrubSettings;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.ops.demo.BackupRig;
import org.btrfssendbackup.ops.demo.DemoTree;
import org.btrfssendbackup.ops.tree.TreeComparison;
import org.btrfssendbackup.pruner.PruneResult;
import org.btrfssendbackup.pruner.ScrubResult;
import org.btrfssendbackup.pruner.Scrubber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault that cost 2.2 GB, on the real path (btrfs, sshd with the forced command, Artemis):
 * one byte flipped in the full at the base of the newest chain. The scrub finds it and names
 * every restore point it takes down; the producer's next run sends a full instead of stacking
 * another incremental on the damaged base; the pruner keeps the damaged chain (never deletes it
 * automatically) and counts only restorable points; the newest point restores bit-identical.
 */
class IntegrityFaultsTest {

    @TempDir
    Path workBase;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aFlippedByteInTheBaseFullIsFoundTheNextRunSendsAFullAndNothingIsDeleted() throws Exception {
        EndToEnd.assumeSystem();
        EndToEnd.Narration narration = new EndToEnd.Narration();
        try (BackupRig rig = new BackupRig(BackupRig.Options.defaults().withWorkBase(workBase), narration.out).start()) {
            BackupCompleted full = EndToEnd.succeeded(rig, narration);
            DemoTree.change(rig.sourceSubvolume(), 1);
            BackupCompleted incr1 = EndToEnd.succeeded(rig, narration);
            DemoTree.change(rig.sourceSubvolume(), 2);
            BackupCompleted incr2 = EndToEnd.succeeded(rig, narration);
            assertThat(incr2.kind()).isEqualTo(SnapshotKind.INCR);
            EndToEnd.flipOneByte(rig.setDirectory().resolve(full.snapshot() + ".full.btrfs.gpg"));

            // A scrub a month later (every stream is due): the damage and what it takes down.
            ScrubResult scrub = new Scrubber(new StoreLayout(rig.backupRoot()), ScrubSettings.defaults(),
                    Clock.offset(Clock.systemUTC(), Duration.ofDays(31))).scrub(Optional.empty());
            assertThat(scrub.checked()).isEqualTo(3);
            assertThat(scrub.corrupt()).singleElement().satisfies(c -> {
                assertThat(c.file().value()).isEqualTo(full.snapshot() + ".full.btrfs.gpg");
                assertThat(c.unrestorable()).containsExactly(full.snapshot(), incr1.snapshot(), incr2.snapshot());
            });

            DemoTree.change(rig.sourceSubvolume(), 3);
            BackupCompleted next = EndToEnd.succeeded(rig, narration);

            assertThat(next.kind()).as("never chained on a damaged base").isEqualTo(SnapshotKind.FULL);
            assertThat(rig.auditTimeline()).noneMatch(e -> "CommandRefused".equals(e.type()));
            List<PruneResult> pruned = rig.pruner().pruneAllSets();
            assertThat(pruned).singleElement().satisfies(result -> {
                assertThat(result.deleted()).isEmpty();
                assertThat(result.plan().unrestorable()).extracting(u -> u.name())
                        .containsExactly(full.snapshot(), incr1.snapshot(), incr2.snapshot());
            });
            assertThat(rig.storedFiles()).extracting(BackupRig.StoredFile::name).contains(
                    full.snapshot() + ".full.btrfs.gpg", incr1.snapshot() + ".incr.btrfs.gpg",
                    incr2.snapshot() + ".incr.btrfs.gpg", next.snapshot() + ".full.btrfs.gpg");
            var restored = rig.restoreOverSsh(Optional.empty(), rig.backupScratch("restore"));
            assertThat(restored.snapshot()).isEqualTo(next.snapshot());
            assertThat(new TreeComparison(rig.runner()).compare(rig.snapshotPath(next.snapshot()),
                    restored.restoredPath())).isEmpty();
        }
    }


}
