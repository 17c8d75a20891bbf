package org.btrfssendbackup.core.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.btrfssendbackup.core.chain.RestorePoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetentionPlannerTest {

    /** One snapshot a day at 02:00 UTC through 2026 (2026-12-31 is a Thursday in 2026-W53). */
    private static List<RestorePoint> dailySnapshotsOf2026() {
        List<RestorePoint> points = new ArrayList<>();
        for (LocalDate day = LocalDate.of(2026, 1, 1); day.getYear() == 2026; day = day.plusDays(1)) {
            points.add(RestorePoint.snapshot("s-" + day, day.atTime(2, 0).toInstant(ZoneOffset.UTC)));
        }
        return points;
    }

    @ParameterizedTest(name = "daily={0} weekly={1} monthly={2} keeps {3}")
    @CsvSource({
        "0, 0, 0, 1",     // only the latest
        "7, 0, 0, 7",
        "0, 4, 0, 4",
        "0, 0, 12, 12",
        "7, 4, 12, 20",   // Dec 25..31, Sundays Dec 20 and 13, ends of Jan..Nov
        "400, 0, 0, 365", // cannot keep more days than have a point
        "0, 0, 100, 12",
        "1, 1, 1, 1",     // Dec 31 is the newest of its day, week and month
        "0, 60, 0, 53",   // 2026 has 53 ISO weeks
    })
    void keptCountFollowsThePolicy(int daily, int weekly, int monthly, int expectedKept) {
        RetentionPlan plan = RetentionPlanner.plan(dailySnapshotsOf2026(),
                new RetentionPolicy(daily, weekly, monthly), Set.of(), ChainMode.INDEPENDENT_SNAPSHOTS);

        assertThat(plan.keep()).hasSize(expectedKept);
        assertThat(plan.keep().size() + plan.delete().size()).isEqualTo(365);
    }

    @Test
    void seedDefaultsOnAYearOfDailiesKeepTheExpectedDays() {
        RetentionPlan plan = RetentionPlanner.plan(dailySnapshotsOf2026(), RetentionPolicy.seedDefaults(),
                Set.of(), ChainMode.INDEPENDENT_SNAPSHOTS);

        assertThat(plan.keptNames()).containsExactly("s-2026-01-31", "s-2026-02-28", "s-2026-03-31",
                "s-2026-04-30", "s-2026-05-31", "s-2026-06-30", "s-2026-07-31", "s-2026-08-31",
                "s-2026-09-30", "s-2026-10-31", "s-2026-11-30", "s-2026-12-13", "s-2026-12-20",
                "s-2026-12-25", "s-2026-12-26", "s-2026-12-27", "s-2026-12-28", "s-2026-12-29",
                "s-2026-12-30", "s-2026-12-31");
    }

    @Test
    void emptySetPlansNothing() {
        RetentionPlan plan = RetentionPlanner.plan(List.of(), RetentionPolicy.seedDefaults(), Set.of("x"),
                ChainMode.STREAM_CHAINS);

        assertThat(plan.keep()).isEmpty();
        assertThat(plan.delete()).isEmpty();
        assertThat(plan.unrestorable()).isEmpty();
    }

    @Test
    void duplicateNamesAreRefusedNamingTheName() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        List<RestorePoint> points = List.of(RestorePoint.full("s1", t), RestorePoint.full("s1", t.plusSeconds(60)));

        assertThatThrownBy(() -> RetentionPlanner.plan(points, RetentionPolicy.seedDefaults(), Set.of(),
                ChainMode.STREAM_CHAINS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s1").hasMessageContaining("twice");
    }

    @Test
    void parentCycleIsABrokenChainAndPlanningTerminates() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        List<RestorePoint> points = List.of(
                RestorePoint.full("f", t),
                RestorePoint.incremental("a", t.plusSeconds(86_400), "b"),
                RestorePoint.incremental("b", t.plusSeconds(2 * 86_400), "a"));

        RetentionPlan plan = RetentionPlanner.plan(points, new RetentionPolicy(0, 0, 0), Set.of(),
                ChainMode.STREAM_CHAINS);

        assertThat(plan.unrestorable()).extracting(UnrestorablePoint::name).containsExactly("a", "b");
        assertThat(plan.describe()).containsExactly(
                "keep f LATEST",
                "keep a ANCESTOR_OF(b) BROKEN_CHAIN",
                "keep b BROKEN_CHAIN",
                "unrestorable a: its chain loops back to a",
                "unrestorable b: its chain loops back to a");
    }

    @Test
    void aBrokenPointIsKeptEvenWhenNoRuleSelectsItAndIsReportedWithItsCause() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        List<RestorePoint> points = List.of(
                RestorePoint.incremental("lost", t, "never-stored"),
                RestorePoint.full("f", t.plusSeconds(86_400)));

        RetentionPlan plan = RetentionPlanner.plan(points, new RetentionPolicy(1, 0, 0), Set.of(),
                ChainMode.STREAM_CHAINS);

        assertThat(plan.deletedNames()).isEmpty();
        assertThat(plan.unrestorable()).singleElement().satisfies(u -> {
            assertThat(u.name()).isEqualTo("lost");
            assertThat(u.cause()).isEqualTo("link never-stored (parent of lost) is not stored");
        });
    }

    /** The fault that cost 2.2 GB: the newest chain's full is corrupt; the older chain must stay. */
    @Test
    void aDamagedFullNeverDisplacesTheOlderRestorableChain() {
        Instant t = Instant.parse("2026-01-01T02:00:00Z");
        List<RestorePoint> points = List.of(
                RestorePoint.full("f0", t),
                RestorePoint.full("f1", t.plusSeconds(86_400)),
                RestorePoint.incremental("i2", t.plusSeconds(2 * 86_400), "f1"),
                RestorePoint.full("f3", t.plusSeconds(3 * 86_400)),
                RestorePoint.incremental("i4", t.plusSeconds(4 * 86_400), "f3"));

        RetentionPlan plan = RetentionPlanner.plan(points, new RetentionPolicy(1, 0, 0), Set.of(),
                ChainMode.STREAM_CHAINS, Map.of("f3", "sha256 mismatch"));

        assertThat(plan.deletedNames()).containsExactly("f0");
        assertThat(plan.describe()).containsExactly(
                "keep f1 ANCESTOR_OF(i2)",
                "keep i2 LATEST DAILY(2026-01-03)",
                "keep f3 ANCESTOR_OF(i4) BROKEN_CHAIN",
                "keep i4 BROKEN_CHAIN",
                "delete f0",
                "unrestorable f3: link f3 is damaged: sha256 mismatch",
                "unrestorable i4: link f3 is damaged: sha256 mismatch");
    }

    @Test
    void withNothingRestorableNothingIsDeleted() {
        Instant t = Instant.parse("2026-01-01T02:00:00Z");
        List<RestorePoint> points = List.of(
                RestorePoint.full("f1", t),
                RestorePoint.incremental("i2", t.plusSeconds(86_400), "f1"),
                RestorePoint.incremental("i3", t.plusSeconds(2 * 86_400), "i2"));

        RetentionPlan plan = RetentionPlanner.plan(points, new RetentionPolicy(0, 0, 0), Set.of(),
                ChainMode.STREAM_CHAINS, Map.of("f1", "no manifest"));

        assertThat(plan.deletedNames()).isEmpty();
        assertThat(plan.keep()).allSatisfy(k -> assertThat(k.hasReason(KeepReason.Kind.LATEST)).isFalse());
    }

    @Test
    void damagedLinksAreRefusedForSnapshotsOnDisk() {
        List<RestorePoint> points = List.of(RestorePoint.snapshot("s", Instant.parse("2026-01-01T00:00:00Z")));

        assertThatThrownBy(() -> RetentionPlanner.plan(points, new RetentionPolicy(1, 0, 0), Set.of(),
                ChainMode.INDEPENDENT_SNAPSHOTS, Map.of("s", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no damaged links");
    }

    @ParameterizedTest
    @CsvSource({"-1, 0, 0, KEEP_DAILY", "0, -1, 0, KEEP_WEEKLY", "0, 0, -5, KEEP_MONTHLY"})
    void negativeCountsAreRefusedNamingTheKey(int daily, int weekly, int monthly, String key) {
        assertThatThrownBy(() -> new RetentionPolicy(daily, weekly, monthly))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key).hasMessageContaining(">= 0");
    }

    @ParameterizedTest
    @CsvSource({"2026-12-31, 2026-W53", "2027-01-01, 2026-W53", "2027-01-04, 2027-W01",
        "2024-12-30, 2025-W01", "2021-01-03, 2020-W53"})
    void weeklyReasonUsesTheWeekBasedYear(String day, String expectedWeek) {
        RestorePoint point = RestorePoint.snapshot("s",
                LocalDate.parse(day).atStartOfDay().toInstant(ZoneOffset.UTC));

        RetentionPlan plan = RetentionPlanner.plan(List.of(point), new RetentionPolicy(0, 1, 0), Set.of(),
                ChainMode.INDEPENDENT_SNAPSHOTS);

        assertThat(plan.keep().get(0).reasons()).contains(new KeepReason(KeepReason.Kind.WEEKLY, expectedWeek));
    }

    @Test
    void reasonsWithoutDetailRefuseOneAndPeriodReasonsRequireOne() {
        assertThatThrownBy(() -> new KeepReason(KeepReason.Kind.LATEST, "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeepReason(KeepReason.Kind.DAILY, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(KeepReason.ancestorOf("s2")).hasToString("ANCESTOR_OF(s2)");
    }
}
