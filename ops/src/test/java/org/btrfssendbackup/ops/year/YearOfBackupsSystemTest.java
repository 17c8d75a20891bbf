package org.btrfssendbackup.ops.year;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.btrfssendbackup.core.testing.ManualClock;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.retention.KeepReason;
import org.btrfssendbackup.core.retention.RetentionPlan;
import org.btrfssendbackup.core.retention.RetentionPolicy;
import org.btrfssendbackup.core.lab.LoopBtrfs;
import org.btrfssendbackup.core.testing.SystemTests;
import org.btrfssendbackup.ops.restore.DirectorySource;
import org.btrfssendbackup.ops.restore.RestoreReporter;
import org.btrfssendbackup.ops.restore.RestoreResult;
import org.btrfssendbackup.ops.restore.Restorer;
import org.btrfssendbackup.ops.tree.TreeComparison;
import org.btrfssendbackup.pruner.PruneResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A year of daily backups on real btrfs with a simulated clock (issue 4, "End-to-end tests on
 * real btrfs"): the producer's real steps, the real receiver logic in-process, the real pruner
 * after every confirmed upload and on its own daily timer, FULL_INTERVAL_DAYS fulls, random
 * missed days, a two-week outage and extra runs on one day. Then:
 * <ul>
 * <li>after every run, the stored streams and the local snapshots are exactly what planning
 *     once over the history so far keeps (so pruning as we go equals planning at the end);</li>
 * <li>every run was full or incremental as FULL_INTERVAL_DAYS says, on the previous run;</li>
 * <li>every kept stream point restores (ops Restorer, DirectorySource over BACKUP_ROOT/SET,
 *     into a second loop btrfs) to the tree it was taken from: the fingerprint taken at
 *     snapshot time, and a full tree comparison with the local snapshot where it still exists.</li>
 * </ul>
 * Seeded: the seed is printed; {@code -Dyear.seed=N} replays a year.
 */
class YearOfBackupsSystemTest {

    static final LocalDate FIRST_DAY = LocalDate.of(2026, 2, 20); // the year crosses ISO week 2026-W53
    static final int DAYS = 365;
    static final int FULL_INTERVAL_DAYS = 32;
    static final RetentionPolicy LOCAL_KEEP = new RetentionPolicy(3, 2, 2);
    /** KEEP_MONTHLY below 12, so that whole chains of the year's first months must go. */
    static final RetentionPolicy KEEP = new RetentionPolicy(7, 4, 6);
    static final LocalTime PRUNE_TIMER = LocalTime.of(4, 17);

    @TempDir
    Path work;

    @Test
    void aYearOfBackupsPrunedAsItGoesKeepsWhatRetentionPromisesAndEveryKeptPointRestores() throws Exception {
        SystemTests.assumeLoopBtrfs();
        long seed = Long.getLong("year.seed", new Random().nextLong());
        System.out.println("YearOfBackupsSystemTest: seed " + seed + " (replay with -Dyear.seed=" + seed + ")");
        YearCalendar calendar = YearCalendar.plan(FIRST_DAY, DAYS, new Random(seed));
        ManualClock clock = new ManualClock(FIRST_DAY.atStartOfDay().toInstant(ZoneOffset.UTC));
        List<CompletedRun> history = new ArrayList<>();
        int scheduledPrunes = 0;

        try (YearRig rig = YearRig.create(work, clock, seed, List.of(
                "FULL_INTERVAL_DAYS=" + FULL_INTERVAL_DAYS,
                "LOCAL_KEEP_DAILY=" + LOCAL_KEEP.keepDaily(),
                "LOCAL_KEEP_WEEKLY=" + LOCAL_KEEP.keepWeekly(),
                "LOCAL_KEEP_MONTHLY=" + LOCAL_KEEP.keepMonthly()), List.of(
                "KEEP_DAILY=" + KEEP.keepDaily(),
                "KEEP_WEEKLY=" + KEEP.keepWeekly(),
                "KEEP_MONTHLY=" + KEEP.keepMonthly()))) {
            assertThat(rig.producerConfig.localKeep()).isEqualTo(LOCAL_KEEP);
            assertThat(rig.backupSrvConfig.keep()).isEqualTo(KEEP);

            long yearStarted = System.nanoTime();
            Level level = quietLogs();
            try {
                for (LocalDate day : calendar.days()) {
                    Instant pruneTimer = day.atTime(PRUNE_TIMER).toInstant(ZoneOffset.UTC);
                    boolean timerDone = false;
                    for (Instant run : runsOn(calendar, day)) {
                        if (!timerDone && run.isAfter(pruneTimer)) {
                            scheduledPrunes += scheduledPrune(rig, pruneTimer, seed);
                            timerDone = true;
                        }
                        clock.set(run);
                        history.add(rig.backup());
                        checkRetentionSoFar(rig, history, seed);
                    }
                    if (!timerDone) {
                        scheduledPrunes += scheduledPrune(rig, pruneTimer, seed);
                    }
                }
            } finally {
                restoreLogs(level);
            }
            Duration year = Duration.ofNanos(System.nanoTime() - yearStarted);

            checkFullsAndParents(history, seed);
            RetentionPlan expected = ExpectedRetention.streams(history, KEEP);
            StoredFiles stored = StoredFiles.read(rig.setDirectory());
            assertThat(stored.others()).as(seeded(seed, "files in the set directory besides streams and manifests"))
                    .isEmpty();
            assertThat(stored.manifests()).as(seeded(seed, "manifests")).isEqualTo(stored.snapshots());
            assertThat(stored.snapshots()).as(seeded(seed, "stored streams vs planning once over the year"))
                    .isEqualTo(expected.keptNames());
            for (String kept : expected.keptNames()) {
                CompletedRun run = runNamed(history, kept);
                assertThat(stored.streams().get(kept).kind()).as(seeded(seed, kept + " kind")).isEqualTo(run.kind());
            }
            List<String> local = localSnapshots(rig);
            assertThat(local).as(seeded(seed, "local snapshots vs LOCAL_KEEP_* planned once over the year"))
                    .isEqualTo(ExpectedRetention.localSnapshots(history, LOCAL_KEEP).keptNames());
            assertThat(Files.readString(rig.producerConfig.stateFile()).trim())
                    .isEqualTo(history.get(history.size() - 1).snapshot());

            int streamsDeleted = history.stream().mapToInt(CompletedRun::streamsPruned).sum();
            int localDeleted = history.stream().mapToInt(CompletedRun::localPruned).sum();
            assertThat(streamsDeleted + stored.snapshots().size()).isEqualTo(history.size());
            assertThat(localDeleted + local.size()).isEqualTo(history.size());
            // the year must exercise what it claims to: many runs, several fulls, whole old chains gone
            assertThat(history).hasSizeGreaterThanOrEqualTo(300);
            assertThat(calendar.longestGap()).isGreaterThanOrEqualTo(Duration.ofDays(13));
            assertThat(history.get(0).snapshot()).as("the year's first full is pruned").isNotIn(stored.snapshots());

            long restoreStarted = System.nanoTime();
            int received = restoreEveryKeptPoint(rig, history, expected.keptNames(), seed);
            Duration restores = Duration.ofNanos(System.nanoTime() - restoreStarted);
            assertThat(received).as("each kept stream is received exactly once (the target resumes)")
                    .isEqualTo(expected.keptNames().size());

            long fulls = history.stream().filter(r -> r.kind() == StreamKind.FULL).count();
            long keptFulls = expected.keep().stream().filter(k -> k.point().isFull()).count();
            long selected = expected.keep().stream()
                    .filter(k -> k.reasons().stream().anyMatch(KeepReason::isPolicySelection)).count();
            System.out.printf("YearOfBackupsSystemTest: seed %d: %d days, %d runs (%d extra on %s; %d days missed at"
                            + " random; outage of %d days from %s), %d fulls; stored streams kept %d (%d fulls;"
                            + " %d selected by KEEP_*, %d only as ancestors), deleted %d; local snapshots kept %d %s, deleted %d; %d scheduled prune passes;"
                            + " year simulated in %d s, %d restores in %d s%n",
                    seed, DAYS, history.size(), YearCalendar.EXTRA_RUNS.size(), calendar.extraDay(),
                    calendar.randomlyMissed(), calendar.outageDays(), calendar.outageStart(), fulls,
                    expected.keptNames().size(), keptFulls, selected, expected.keptNames().size() - selected,
                    streamsDeleted, local.size(), local, localDeleted,
                    scheduledPrunes, year.toSeconds(), expected.keptNames().size(), restores.toSeconds());
        }
    }

    /**
     * The pruner's own daily pass (04:17, even on days prod-srv did not run). The planner counts
     * periods from the stored points, not from the clock, so with nothing new since the last
     * pass it must delete nothing.
     */
    private static int scheduledPrune(YearRig rig, Instant at, long seed) throws Exception {
        if (!Files.isDirectory(rig.setDirectory())) {
            return 0;
        }
        rig.clock.set(at);
        PruneResult result = rig.prune();
        assertThat(result.deleted()).as(seeded(seed, "scheduled prune at " + at + " after nothing new")).isEmpty();
        return 1;
    }

    /** After each run: pruning as it goes has left exactly what planning once over the history so far keeps. */
    private static void checkRetentionSoFar(YearRig rig, List<CompletedRun> history, long seed) throws Exception {
        String after = "after run " + history.size() + " (" + history.get(history.size() - 1).snapshot() + ")";
        RetentionPlan streams = ExpectedRetention.streams(history, KEEP);
        String stored = ExpectedRetention.difference(streams.keptNames(), StoredFiles.read(rig.setDirectory()).snapshots());
        assertThat(stored).as(seeded(seed, after + ": stored streams differ from planning once over the history so far;"
                + " the plan: " + streams.describe())).isEmpty();
        RetentionPlan local = ExpectedRetention.localSnapshots(history, LOCAL_KEEP);
        String snapshots = ExpectedRetention.difference(local.keptNames(), localSnapshots(rig));
        assertThat(snapshots).as(seeded(seed, after + ": local snapshots differ from LOCAL_KEEP_* planned once over the"
                + " history so far; the plan: " + local.describe())).isEmpty();
    }

    /**
     * Independently of the producer's code: the first run and every run at least
     * FULL_INTERVAL_DAYS after the last full's snapshot is a full; every other run is an
     * incremental on the run before it (its parent always survives local retention).
     */
    private static void checkFullsAndParents(List<CompletedRun> history, long seed) {
        Instant lastFull = null;
        for (int i = 0; i < history.size(); i++) {
            CompletedRun run = history.get(i);
            boolean full = lastFull == null
                    || Duration.between(lastFull, run.time()).compareTo(Duration.ofDays(FULL_INTERVAL_DAYS)) >= 0;
            assertThat(run.kind()).as(seeded(seed, run.snapshot() + " (last full " + lastFull + ")"))
                    .isEqualTo(full ? StreamKind.FULL : StreamKind.INCR);
            assertThat(run.parent()).as(seeded(seed, run.snapshot() + " parent"))
                    .isEqualTo(full ? Optional.empty() : Optional.of(history.get(i - 1).snapshot()));
            if (full) {
                lastFull = run.time();
            }
        }
    }

    /**
     * Restores every kept point, oldest first, into one target on a second loop btrfs: a point
     * whose chain is already there resumes after it, so each stream is received once. Each
     * restored tree must equal its fingerprint from snapshot time, and the local snapshot
     * where one is left (all facts, hard links included).
     *
     * @return how many streams were received
     */
    private static int restoreEveryKeptPoint(YearRig rig, List<CompletedRun> history, List<String> kept, long seed)
            throws Exception {
        TreeComparison comparison = new TreeComparison();
        List<String> local = localSnapshots(rig);
        int received = 0;
        try (LoopBtrfs restoreFs = LoopBtrfs.create(512L * 1024 * 1024);
             Passphrase passphrase = Passphrase.fromFile(rig.passphraseFile)) {
            Path target = Files.createDirectory(restoreFs.mountPoint().resolve("restored"));
            Restorer restorer = new Restorer(rig.btrfs, RestoreReporter.silent());
            for (String name : kept) {
                RestoreResult result = restorer.restore(new DirectorySource(rig.setDirectory(), Optional.empty()),
                        Optional.of(name), passphrase, target);
                received += (int) result.receivedCount();
                assertThat(result.snapshot()).isEqualTo(name);
                assertThat(result.warnings()).as(seeded(seed, "restore " + name + " warnings")).isEmpty();
                TreeFingerprint restored = TreeFingerprint.of(result.restoredPath());
                assertThat(runNamed(history, name).fingerprint().differencesFrom(restored))
                        .as(seeded(seed, "restored " + name + " vs its tree at snapshot time")).isEmpty();
                if (local.contains(name)) {
                    assertThat(comparison.compare(rig.snapshotDir().resolve(name), result.restoredPath()))
                            .as(seeded(seed, "restored " + name + " vs the local snapshot")).isEmpty();
                }
            }
        }
        return received;
    }

    private static List<Instant> runsOn(YearCalendar calendar, LocalDate day) {
        return calendar.runs().stream().filter(r -> LocalDate.ofInstant(r, ZoneOffset.UTC).equals(day)).toList();
    }

    private static List<String> localSnapshots(YearRig rig) throws Exception {
        if (!Files.isDirectory(rig.snapshotDir())) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(rig.snapshotDir())) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static CompletedRun runNamed(List<CompletedRun> history, String name) {
        return history.stream().filter(r -> r.snapshot().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no run produced " + name));
    }

    private static String seeded(long seed, String what) {
        return "year.seed=" + seed + ": " + what;
    }

    /** 300+ runs at INFO would bury the summary; warnings (e.g. "sending a full") still show. */
    private static Level quietLogs() {
        Logger logger = (Logger) LoggerFactory.getLogger("org.btrfssendbackup");
        Level previous = logger.getLevel();
        logger.setLevel(Level.WARN);
        return previous;
    }

    private static void restoreLogs(Level previous) {
        ((Logger) LoggerFactory.getLogger("org.btrfssendbackup")).setLevel(previous);
    }
}
