package org.btrfssendbackup.pruner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.TreeSet;
import org.btrfssendbackup.core.chain.RestorePoint;
import org.btrfssendbackup.core.integrity.CheckRecords;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SetLock;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.retention.ChainMode;
import org.btrfssendbackup.core.retention.KeepReason;
import org.btrfssendbackup.core.retention.KeptPoint;
import org.btrfssendbackup.core.retention.RetentionPlan;
import org.btrfssendbackup.core.retention.RetentionPlanner;
import org.btrfssendbackup.core.retention.RetentionPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pruner on a real directory: exactly the planner's deletions, pairs together, strangers left alone. */
class PrunerTest {

    static final Instant START = Instant.parse("2024-01-01T02:05:00Z");
    static final Instant NOW = START.plus(Duration.ofDays(120));
    static final RetentionPolicy POLICY = new RetentionPolicy(5, 3, 2);

    @TempDir
    Path root;

    StoredSetFixture store;
    Pruner pruner;

    @BeforeEach
    void setUp() throws IOException {
        store = new StoredSetFixture(root);
        pruner = new Pruner(store.layout, new FileSystemDeleter(), Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(2));
    }

    @Test
    void deletesExactlyWhatThePlannerSaysStreamAndManifestTogether() throws IOException {
        store.daily(START, 100, 14);
        RetentionPlan expected = RetentionPlanner.plan(store.points, POLICY, Set.of(), ChainMode.STREAM_CHAINS);
        assertThat(expected.delete()).isNotEmpty();

        PruneResult result = pruner.prune(StoredSetFixture.SET, POLICY, false);

        assertThat(result.plan()).isEqualTo(expected);
        assertThat(result.deleted()).extracting(DeletedStream::snapshot).isEqualTo(expected.deletedNames());
        Set<String> remaining = new TreeSet<>(store.files());
        remaining.remove(StoreLayout.UPLOAD_LOCK_FILE);
        assertThat(remaining).isEqualTo(StoredSetFixture.pairsOf(expected.keep().stream().map(KeptPoint::point).toList()));
        assertThat(result.warnings()).isEmpty();
        assertThat(result.bytesFreed()).isPositive();
        assertThat(result.keptReasons()).hasSize(expected.keep().size())
                .containsEntry(store.points.get(99).name(), "LATEST DAILY(2024-04-09) WEEKLY(2024-W15) MONTHLY(2024-04)");
    }

    @Test
    void aSecondPassDeletesNothing() throws IOException {
        store.daily(START, 60, 10);
        pruner.prune(StoredSetFixture.SET, POLICY, false);
        Set<String> afterFirst = store.files();

        PruneResult second = pruner.prune(StoredSetFixture.SET, POLICY, false);

        assertThat(second.deleted()).isEmpty();
        assertThat(store.files()).isEqualTo(afterFirst);
    }

    @Test
    void dryRunDeletesNothingButReportsTheSameDeletions() throws IOException {
        store.daily(START, 60, 10);
        Set<String> before = store.files();

        PruneResult dry = pruner.prune(StoredSetFixture.SET, POLICY, true);

        assertThat(store.files()).containsAll(before).hasSize(before.size() + 1); // only the lock file
        assertThat(dry.deleted()).extracting(DeletedStream::snapshot)
                .isEqualTo(RetentionPlanner.plan(store.points, POLICY, Set.of(), ChainMode.STREAM_CHAINS).deletedNames());
        assertThat(dry.dryRun()).isTrue();
    }

    @Test
    void unknownFilesAreLeftAloneAndReported() throws IOException {
        store.daily(START, 30, 10);
        Files.writeString(store.dir.resolve("README.txt"), "notes");
        Files.writeString(store.dir.resolve(".hidden"), "x");
        Files.writeString(store.dir.resolve("not-a-snapshot.full.btrfs.gpg"), "x");
        Files.createSymbolicLink(store.dir.resolve("link.manifest"), store.dir.resolve("README.txt"));
        Path stale = store.dir.resolve("." + StoredSetFixture.PREFIX + "-20240401T020500Z.full.btrfs.gpg.partial-abc123");
        Files.writeString(stale, "partial");
        Files.setLastModifiedTime(stale, FileTime.from(NOW.minus(Duration.ofDays(2))));
        Path fresh = store.dir.resolve("." + StoredSetFixture.PREFIX + "-20240402T020500Z.full.btrfs.gpg.partial-def456");
        Files.writeString(fresh, "partial");
        Files.setLastModifiedTime(fresh, FileTime.from(NOW.minus(Duration.ofHours(1))));
        Files.createDirectory(store.dir.resolve("nested-set"));

        PruneResult result = pruner.prune(StoredSetFixture.SET, POLICY, false);

        assertThat(result.warnings()).extracting(PruneWarning::file).containsExactlyInAnyOrder(
                "README.txt", ".hidden", "not-a-snapshot.full.btrfs.gpg", "link.manifest", stale.getFileName().toString());
        assertThat(store.files()).contains("README.txt", ".hidden", "not-a-snapshot.full.btrfs.gpg", "link.manifest",
                stale.getFileName().toString(), fresh.getFileName().toString(), "nested-set");
        assertThat(result.deleted()).isNotEmpty();
    }

    @Test
    void aManifestWithoutItsStreamAndAFullWithoutManifestAreKeptAndReported() throws IOException {
        store.daily(START, 30, 10);
        SnapshotName lonelyManifest = SnapshotName.parse(store.points.get(0).name());
        Files.delete(store.dir.resolve(lonelyManifest.value() + ".full.btrfs.gpg"));
        SnapshotName bareFull = SnapshotName.parse(store.points.get(10).name());
        Files.delete(store.layout.manifestFile(StoredSetFixture.SET, bareFull));

        PruneResult result = pruner.prune(StoredSetFixture.SET, POLICY, false);

        assertThat(result.warnings()).extracting(PruneWarning::file)
                .contains(lonelyManifest.value() + ".manifest", bareFull.value() + ".full.btrfs.gpg");
        assertThat(store.files()).contains(lonelyManifest.value() + ".manifest", bareFull.value() + ".full.btrfs.gpg");
        assertThat(result.plan().keep()).filteredOn(k -> k.name().equals(bareFull.value()))
                .singleElement().satisfies(k -> assertThat(k.hasReason(KeepReason.Kind.BROKEN_CHAIN)).isTrue());
        assertThat(result.plan().unrestorable()).filteredOn(u -> u.name().equals(bareFull.value()))
                .singleElement().satisfies(u -> assertThat(u.cause()).contains("no usable manifest"));
    }

    /**
     * The fault "manifest of the newest incremental deleted": the stream is reported, never
     * chained on, and only its own chain (from the newest full before it) is held back; older
     * chains are pruned as usual.
     */
    @Test
    void anIncrementalWithoutManifestHoldsBackOnlyItsOwnChainAndPruningOfOlderChainsGoesOn() throws IOException {
        store.daily(START, 30, 10);
        RestorePoint incr = store.points.get(25);
        assertThat(incr.kind()).isEqualTo(StreamKind.INCR);
        Files.delete(store.layout.manifestFile(StoredSetFixture.SET, SnapshotName.parse(incr.name())));

        PruneResult result = pruner.prune(StoredSetFixture.SET, new RetentionPolicy(1, 0, 0), false);

        assertThat(result.deleted()).extracting(DeletedStream::snapshot)
                .containsExactlyElementsOf(store.points.subList(0, 20).stream().map(RestorePoint::name).toList());
        assertThat(result.plan().unrestorable()).extracting(u -> u.name())
                .containsExactlyElementsOf(store.points.subList(25, 30).stream().map(RestorePoint::name).toList());
        assertThat(result.plan().keep()).filteredOn(k -> k.hasReason(KeepReason.Kind.LATEST))
                .singleElement().satisfies(k -> assertThat(k.name()).isEqualTo(store.points.get(24).name()));
        assertThat(store.files()).contains(store.points.get(20).name() + ".full.btrfs.gpg", incr.name() + ".incr.btrfs.gpg");
        assertThat(result.warnings()).filteredOn(w -> w.file().equals(incr.name() + ".incr.btrfs.gpg"))
                .extracting(PruneWarning::problem)
                .anySatisfy(p -> assertThat(p).contains("stream without a manifest").contains("not restorable"));
    }

    /**
     * The fault that cost 2.2 GB: one byte flipped in the full of the newest chain. The check
     * before deleting finds it, the corrupt chain is kept and reported, and the older intact
     * chain that is now the newest restorable one is kept instead of deleted.
     */
    @Test
    void aCorruptFullOfTheNewestChainIsFoundBeforeDeletingAndTheOlderChainIsKept() throws IOException {
        store.daily(START, 30, 10);
        RestorePoint full = store.points.get(20);
        store.corrupt(StreamFileName.of(SnapshotName.parse(full.name()), StreamKind.FULL));

        PruneResult result = pruner.prune(StoredSetFixture.SET, new RetentionPolicy(1, 0, 0), false);

        assertThat(result.corrupt()).singleElement().satisfies(c -> {
            assertThat(c.snapshot()).isEqualTo(full.name());
            assertThat(c.problem()).contains("sha256");
            assertThat(c.unrestorable()).containsExactlyElementsOf(
                    store.points.subList(20, 30).stream().map(RestorePoint::name).toList());
        });
        assertThat(result.deleted()).extracting(DeletedStream::snapshot)
                .containsExactlyElementsOf(store.points.subList(0, 10).stream().map(RestorePoint::name).toList());
        assertThat(store.files()).contains(store.points.get(10).name() + ".full.btrfs.gpg",
                store.points.get(19).name() + ".incr.btrfs.gpg", full.name() + ".full.btrfs.gpg");
        assertThat(new CheckRecords(store.layout).read(StoredSetFixture.SET, SnapshotName.parse(full.name())))
                .hasValueSatisfying(r -> assertThat(r.passed()).isFalse());
        assertThat(PruneEvents.of(result, "backup-srv", null)).extracting(e -> e.type())
                .startsWith("StreamCorrupt").endsWith("PruneCompleted");
    }

    @Test
    void aDryRunReadsNoStreamAndPlansOnTheRecordedChecks() throws IOException {
        store.daily(START, 30, 10);
        store.corrupt(StreamFileName.of(SnapshotName.parse(store.points.get(20).name()), StreamKind.FULL));

        PruneResult result = pruner.prune(StoredSetFixture.SET, new RetentionPolicy(1, 0, 0), true);

        assertThat(result.corrupt()).isEmpty();
        assertThat(store.root.resolve(CheckRecords.DIRECTORY)).doesNotExist();
    }

    @Test
    void aSetWithoutDirectoryIsAClearFailure() {
        assertThatThrownBy(() -> pruner.prune(BackupSetName.of("other/set"), POLICY, false))
                .isInstanceOf(UnknownSetException.class).hasMessageContaining("other/set").hasMessageContaining("no such set");
    }

    @Test
    void aSetLockedByAnUploadIsBusy() throws Exception {
        store.daily(START, 3, 10);
        try (SetLock upload = SetLock.tryAcquire(SetLock.uploadLockOf(store.dir)).orElseThrow()) {
            assertThatThrownBy(() -> pruner.prune(StoredSetFixture.SET, POLICY, false))
                    .isInstanceOf(SetBusyException.class).hasMessageContaining("locked");
        }
        assertThat(pruner.prune(StoredSetFixture.SET, POLICY, false).keptCount()).isEqualTo(3);
    }

    @Test
    void intentNamesAreHiddenAndRecognised() {
        String intent = DeletionIntent.intentName("prod-srv-rootfs-20240101T020500Z" + StoreLayout.MANIFEST_SUFFIX);
        assertThat(intent).isEqualTo(".prod-srv-rootfs-20240101T020500Z.manifest.pruning");
        assertThat(DeletionIntent.isIntentName(intent)).isTrue();
        assertThat(StoreLayout.isTemporaryName(intent)).isFalse();
    }
}
