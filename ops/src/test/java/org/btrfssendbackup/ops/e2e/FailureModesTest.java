package org.btrfssendbackup.ops.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.ops.console.EventLine;
import org.btrfssendbackup.ops.demo.BackupRig;
import org.btrfssendbackup.ops.demo.DemoTree;
import org.btrfssendbackup.ops.restore.DirectorySource;
import org.btrfssendbackup.ops.restore.RestoreException;
import org.btrfssendbackup.ops.rig.ConnectionCutter;
import org.btrfssendbackup.ops.tree.TreeComparison;
import org.btrfssendbackup.ops.verify.Finding;
import org.btrfssendbackup.ops.verify.SetReport;
import org.btrfssendbackup.ops.verify.StoreVerifier;
import org.btrfssendbackup.ops.verify.VerifyReport;
import org.btrfssendbackup.producer.agent.RunOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on the real path: an SSH connection cut in the middle of an upload, and stored files
 * damaged on backup-srv (truncated, altered) that verify and restore must catch.
 */
class FailureModesTest {

    @TempDir
    Path workBase;

    /**
     * The sshd serving the put-stream is killed after 1 MiB of a 4+ MiB stream, on every
     * delivery of the run: the run ends dead-lettered, STATE_FILE still names the last confirmed
     * snapshot, backup-srv has no file under a final name for the cut snapshot, and no receiver
     * is left behind. The next run sends the incremental from the confirmed snapshot.
     */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aConnectionCutMidUploadLeavesStateAndStoreUnchangedAndTheNextRunSucceeds() throws Exception {
        EndToEnd.assumeSystem();
        EndToEnd.Narration narration = new EndToEnd.Narration();
        AtomicReference<ConnectionCutter> cutter = new AtomicReference<>();
        BackupRig.Options options = BackupRig.Options.defaults().withWorkBase(workBase).withUploader(real -> {
            cutter.set(new ConnectionCutter(real));
            return cutter.get();
        });
        try (BackupRig rig = new BackupRig(options, narration.out).start()) {
            BackupCompleted full = EndToEnd.succeeded(rig, narration);
            Path stateFile = rig.config().stateFile();
            String stateBefore = Files.readString(stateFile);
            List<BackupRig.StoredFile> storedBefore = rig.storedFiles();
            DemoTree.change(rig.sourceSubvolume(), 5); // 4 MiB of random data: a stream of 4+ MiB

            cutter.get().arm(1024 * 1024);
            RunOutcome cut = rig.backup(e -> { }, EndToEnd.RUN_TIMEOUT);

            assertThat(cut.succeeded()).as(narration.toString()).isFalse();
            assertThat(cut.failure()).hasValueSatisfying(f -> assertThat(f).contains("attempt 3 of 3", "dead-lettered"));
            // every delivery was cut, unless a retry found the previous receiver still finishing
            assertThat(cutter.get().cuts()).isBetween(1, 3);
            assertThat(stateFile).hasContent(stateBefore.strip());
            assertThat(rig.storedFiles()).isEqualTo(storedBefore);
            assertThat(finalNamesIn(rig.setDirectory())).allMatch(name -> name.startsWith(full.snapshot()));
            awaitNoReceiverLeft();
            List<EventLine> failures = rig.auditTimeline().stream().filter(e -> "StepFailed".equals(e.type())).toList();
            assertThat(failures).hasSize(3);

            cutter.get().disarm();
            BackupCompleted next = EndToEnd.succeeded(rig, narration);

            assertThat(next.kind()).isEqualTo(SnapshotKind.INCR);
            assertThat(next.parent()).isEqualTo(full.snapshot());
            assertThat(stateFile).hasContent(next.snapshot());
            Path target = rig.backupScratch("restore");
            var restored = rig.restoreOverSsh(Optional.empty(), target);
            assertThat(restored.snapshot()).isEqualTo(next.snapshot());
            assertThat(new TreeComparison(rig.runner()).compare(rig.snapshotPath(next.snapshot()),
                    restored.restoredPath())).isEmpty();
        }
    }

    /**
     * The parent of the next incremental is deleted on backup-srv (an operator's mistake): the
     * real receiver refuses the incremental over real sshd before storing anything (the producer
     * goes straight to put-stream), the listing that follows the refusal explains it, and the same
     * run sends a full instead, which restores.
     */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void anIncrementalWhoseParentWasDeletedOnBackupSrvIsSentAsAFull() throws Exception {
        EndToEnd.assumeSystem();
        EndToEnd.Narration narration = new EndToEnd.Narration();
        try (BackupRig rig = new BackupRig(BackupRig.Options.defaults().withWorkBase(workBase), narration.out).start()) {
            BackupCompleted full = EndToEnd.succeeded(rig, narration);
            try (Stream<Path> files = Files.list(rig.setDirectory())) {
                for (Path file : files.filter(f -> f.getFileName().toString().startsWith(full.snapshot())).toList()) {
                    Files.delete(file);
                }
            }
            DemoTree.change(rig.sourceSubvolume(), 1);

            BackupCompleted next = EndToEnd.succeeded(rig, narration);

            assertThat(next.kind()).isEqualTo(SnapshotKind.FULL);
            assertThat(next.parent()).isNull();
            assertThat(rig.storedFiles()).extracting(BackupRig.StoredFile::name)
                    .containsExactly(next.snapshot() + ".full.btrfs.gpg", next.snapshot() + ".manifest");
            assertThat(rig.auditTimeline()).noneMatch(e -> "StepFailed".equals(e.type()));
            var restored = rig.restoreOverSsh(Optional.empty(), rig.backupScratch("restore"));
            assertThat(new TreeComparison(rig.runner()).compare(rig.snapshotPath(next.snapshot()),
                    restored.restoredPath())).isEmpty();
        }
    }

    /**
     * Three links stored; then the middle one is truncated and the newest has one byte
     * altered. verify (with and without the passphrase) names both; restore from a copied
     * directory refuses before receiving anything; restore over SSH fails on each damaged link
     * and leaves no half-received subvolume.
     */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void verifyAndRestoreCatchATruncatedAndAnAlteredStoredFile() throws Exception {
        EndToEnd.assumeSystem();
        EndToEnd.Narration narration = new EndToEnd.Narration();
        try (BackupRig rig = new BackupRig(BackupRig.Options.defaults().withWorkBase(workBase), narration.out).start()) {
            BackupCompleted full = EndToEnd.succeeded(rig, narration);
            DemoTree.change(rig.sourceSubvolume(), 1);
            BackupCompleted middle = EndToEnd.succeeded(rig, narration);
            DemoTree.change(rig.sourceSubvolume(), 2);
            BackupCompleted newest = EndToEnd.succeeded(rig, narration);
            assertThat(verify(rig, true).ok()).as("the intact store verifies").isTrue();
            assertThat(verify(rig, true).decodedStreams()).isEqualTo(3);
            // a target holding full and middle, received while they were intact
            Path resumed = rig.backupScratch("restore-resumed");
            rig.restoreOverSsh(Optional.of(middle.snapshot()), resumed);

            String truncated = middle.snapshot() + ".incr.btrfs.gpg";
            String altered = newest.snapshot() + ".incr.btrfs.gpg";
            truncateToHalf(rig.setDirectory().resolve(truncated));
            EndToEnd.flipOneByte(rig.setDirectory().resolve(altered));

            for (boolean withPassphrase : new boolean[] {false, true}) {
                SetReport report = verify(rig, withPassphrase);
                assertThat(report.ok()).isFalse();
                assertThat(report.problems()).extracting(Finding::file).contains(truncated, altered)
                        .doesNotContain(full.snapshot() + ".full.btrfs.gpg");
            }

            Path copy = EndToEnd.copyOf(rig.setDirectory(), rig.backupScratch("copied-set"));
            Path fromCopy = rig.backupScratch("restore-from-copy");
            assertThatThrownBy(() -> rig.restore(new DirectorySource(copy, Optional.empty()),
                    Optional.of(newest.snapshot()), fromCopy))
                    .isInstanceOf(RestoreException.class).hasMessageContaining("nothing was received");
            assertThat(fromCopy).isEmptyDirectory();

            Path fresh = rig.backupScratch("restore-fresh");
            assertThatThrownBy(() -> rig.restoreOverSsh(Optional.of(newest.snapshot()), fresh))
                    .isInstanceOf(RestoreException.class).hasMessageContaining(truncated);
            assertThat(fresh.resolve(middle.snapshot())).doesNotExist();

            assertThatThrownBy(() -> rig.restoreOverSsh(Optional.of(newest.snapshot()), resumed))
                    .isInstanceOf(RestoreException.class).hasMessageContaining(altered);
            assertThat(resumed.resolve(newest.snapshot())).doesNotExist();
            assertThat(resumed.resolve(middle.snapshot())).isDirectory();
        }
    }


    private static SetReport verify(BackupRig rig, boolean withPassphrase) throws IOException {
        try (Passphrase passphrase = Passphrase.fromFile(rig.passphraseFile())) {
            VerifyReport report = new StoreVerifier(rig.runner(), withPassphrase ? Optional.of(passphrase)
                    : Optional.empty(), StoreVerifier.DEFAULT_STALE_AFTER, Clock.systemUTC())
                    .verify(rig.backupRoot(), Optional.empty());
            assertThat(report.sets()).hasSize(1);
            return report.sets().get(0);
        }
    }

    /** Names in the set directory that are final (not the receiver's hidden lock or temporaries). */
    private static List<String> finalNamesIn(Path setDirectory) throws IOException {
        try (Stream<Path> files = Files.list(setDirectory)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".")).toList();
        }
    }

    /** A cut connection must not leave a receiver running (it would hold the set's lock). */
    private static void awaitNoReceiverLeft() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!ConnectionCutter.receivers().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(ConnectionCutter.receivers()).as("receiver processes left after the cut").isEmpty();
    }

    private static void truncateToHalf(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
    }

}
