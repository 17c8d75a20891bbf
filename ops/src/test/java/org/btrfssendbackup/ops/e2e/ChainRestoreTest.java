package org.btrfssendbackup.ops.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.ops.demo.BackupRig;
import org.btrfssendbackup.ops.demo.DemoTree;
import org.btrfssendbackup.ops.restore.DirectorySource;
import org.btrfssendbackup.ops.restore.LinkOutcome;
import org.btrfssendbackup.ops.restore.RestoreResult;
import org.btrfssendbackup.ops.tree.TreeComparison;
import org.btrfssendbackup.producer.agent.RunOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full backup and four incrementals through the real path (producer → ssh → forced-command
 * receiver), with changes between them to content, permissions, owners, xattrs, hard links,
 * sparse files, symlinks and directories ({@link DemoTree}). Every snapshot restores to a tree
 * identical to its source three ways: ops restore over SSH, ops restore from a copy of the
 * set's directory, and the stock tools (gpg | zstd -d | btrfs receive) in chain order.
 */
class ChainRestoreTest {

    private static final int INCREMENTALS = 4;

    @TempDir
    Path workBase;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void everySnapshotOfAFiveLinkChainRestoresIdenticallyThreeWays() throws Exception {
        EndToEnd.assumeSystem();
        EndToEnd.Narration narration = new EndToEnd.Narration();
        try (BackupRig rig = new BackupRig(BackupRig.Options.defaults().withWorkBase(workBase), narration.out).start()) {
            List<String> snapshots = new ArrayList<>();
            List<Path> references = new ArrayList<>();
            Path referenceDir = Files.createDirectories(rig.sourceSubvolume().resolveSibling("references"));
            for (int run = 0; run <= INCREMENTALS; run++) {
                if (run > 0) {
                    DemoTree.change(rig.sourceSubvolume(), run);
                }
                RunOutcome outcome = rig.backup(e -> { }, EndToEnd.RUN_TIMEOUT);
                assertThat(outcome.succeeded()).as("run %d: %s\n%s", run, outcome.failure(), narration).isTrue();
                BackupCompleted done = outcome.completed().orElseThrow();
                assertThat(done.kind()).isEqualTo(run == 0 ? SnapshotKind.FULL : SnapshotKind.INCR);
                if (run > 0) {
                    assertThat(done.parent()).isEqualTo(snapshots.get(run - 1));
                }
                snapshots.add(done.snapshot());
                // local retention on prod-srv keeps only what the next incremental needs, so
                // each snapshot is kept as a reference (a read-only snapshot of it) right away
                Path reference = referenceDir.resolve(done.snapshot());
                rig.runner().run(CommandLine.of("btrfs", "subvolume", "snapshot", "-r",
                        rig.snapshotPath(done.snapshot()).toString(), reference.toString()));
                references.add(reference);
            }

            TreeComparison comparison = new TreeComparison(rig.runner());
            assertThat(comparison.compare(rig.snapshotPath(snapshots.get(INCREMENTALS)), references.get(INCREMENTALS)))
                    .as("a reference is its snapshot").isEmpty();

            // over SSH, oldest first into one target: each restore receives only its own link
            Path overSsh = rig.backupScratch("restore-ssh");
            for (int i = 0; i < snapshots.size(); i++) {
                RestoreResult restored = rig.restoreOverSsh(Optional.of(snapshots.get(i)), overSsh);
                assertThat(restored.links()).extracting(LinkOutcome::status).last()
                        .isEqualTo(LinkOutcome.Status.RECEIVED);
                assertThat(restored.receivedCount()).isEqualTo(1);
                assertThat(comparison.compare(references.get(i), restored.restoredPath()))
                        .as("%s restored over ssh", snapshots.get(i)).isEmpty();
            }

            // from a copied directory, newest first into fresh targets: whole chains
            Path copy = EndToEnd.copyOf(rig.setDirectory(), rig.backupScratch("copied-set"));
            for (int i = snapshots.size() - 1; i >= 0; i--) {
                Path target = rig.backupScratch("restore-dir-" + i);
                RestoreResult restored = rig.restore(new DirectorySource(copy, Optional.empty()),
                        Optional.of(snapshots.get(i)), target);
                assertThat(restored.receivedCount()).isEqualTo(i + 1);
                assertThat(comparison.compare(references.get(i), restored.restoredPath()))
                        .as("%s restored from a copied directory", snapshots.get(i)).isEmpty();
            }

            // stock tools, in chain order
            Path stock = rig.backupScratch("restore-stock");
            for (int i = 0; i < snapshots.size(); i++) {
                String kind = i == 0 ? "full" : "incr";
                Path file = rig.setDirectory().resolve(snapshots.get(i) + "." + kind + ".btrfs.gpg");
                rig.runner().run(CommandLine.of("bash", "-c", "set -o pipefail; gpg --batch --quiet"
                        + " --pinentry-mode loopback --passphrase-file \"$1\" --decrypt \"$2\" | zstd -d -q"
                        + " | btrfs receive -e \"$3\"", "stock-restore", rig.passphraseFile().toString(),
                        file.toString(), stock.toString()));
                assertThat(comparison.compare(references.get(i), stock.resolve(snapshots.get(i))))
                        .as("%s restored with gpg | zstd -d | btrfs receive", snapshots.get(i)).isEmpty();
            }
        }
    }
}
