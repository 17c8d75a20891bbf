package org.btrfssendbackup.ops.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.btrfssendbackup.core.chain.RestorePoint;
import org.btrfssendbackup.core.retention.ChainMode;
import org.btrfssendbackup.core.retention.RetentionPlan;
import org.btrfssendbackup.core.retention.RetentionPlanner;
import org.btrfssendbackup.core.retention.RetentionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The set page's answers, from the one planner: why kept, damaged, what a damage takes down. */
class RestorePointExplanationTest {

    private static final Instant DAY0 = Instant.parse("2026-11-01T02:00:00Z");

    /** c1: f1 <- i2 <- i3 <- i4 ; c2 (a day apart each): f5 <- i6 <- i7, i8 on i6 (a branch). */
    private static final List<RestorePoint> POINTS = List.of(
            RestorePoint.full("f1", day(0)), RestorePoint.incremental("i2", day(1), "f1"),
            RestorePoint.incremental("i3", day(2), "i2"), RestorePoint.incremental("i4", day(3), "i3"),
            RestorePoint.full("f5", day(4)), RestorePoint.incremental("i6", day(5), "f5"),
            RestorePoint.incremental("i7", day(6), "i6"), RestorePoint.incremental("i8", day(7), "i6"));

    private static Instant day(int n) {
        return DAY0.plusSeconds(86_400L * n);
    }

    private static Map<String, RestorePointExplanation> explain(RetentionPolicy policy, Map<String, String> damaged) {
        RetentionPlan plan = RetentionPlanner.plan(POINTS, policy, Set.of(), ChainMode.STREAM_CHAINS, damaged);
        return RestorePointExplanation.explain(POINTS, damaged, Optional.of(plan));
    }

    @ParameterizedTest(name = "KEEP_DAILY={0}: {1} kept because {2}")
    @CsvSource(delimiter = '|', value = {
            "1 | i8 | LATEST,DAILY(2026-11-08)",
            "1 | i6 | ANCESTOR_OF(i8)",
            "1 | f5 | ANCESTOR_OF(i8)",
            "1 | i7 | ''",
            "1 | i4 | ''",
            "2 | i7 | DAILY(2026-11-07)",
            "2 | i6 | ANCESTOR_OF(i8)",
            "5 | i4 | DAILY(2026-11-04)",
            "5 | i3 | ANCESTOR_OF(i4)",
            "5 | f1 | ANCESTOR_OF(i4)",
    })
    void eachPointCarriesThePlannersReasons(int daily, String point, String tokens) {
        RestorePointExplanation why = explain(new RetentionPolicy(daily, 0, 0), Map.of()).get(point);

        assertThat(why.reasonTokens()).containsExactlyElementsOf(tokens.isEmpty() ? List.of() : List.of(tokens.split(",")));
        assertThat(why.deletedAtNextPrune()).isEqualTo(tokens.isEmpty());
        assertThat(why.unrestorable()).isNull();
    }

    @Test
    void aPointKeptOnlyAsAParentSaysSoAndNamesTheKeptPointThatNeedsIt() {
        RestorePointExplanation f5 = explain(new RetentionPolicy(1, 0, 0), Map.of()).get("f5");

        assertThat(f5.keptOnlyAsParent()).isTrue();
        assertThat(f5.becauseWords()).containsExactly("only because kept i8 needs it in its chain");
    }

    @Test
    void aPointTheNextPruneDeletesSaysSoAndOneKeptByPolicyNamesThePeriod() {
        Map<String, RestorePointExplanation> why = explain(new RetentionPolicy(1, 0, 1), Map.of());

        assertThat(why.get("i7").becauseWords()).containsExactly("nothing keeps it: the next prune deletes it");
        assertThat(why.get("i8").becauseWords()).containsExactly("the latest restorable point",
                "newest of 2026-11-08 (KEEP_DAILY)", "newest of 2026-11 (KEEP_MONTHLY)");
    }

    @Test
    void aDamagedLinkTakesDownEveryLaterPointBuiltOnItAndNoOther() {
        Map<String, RestorePointExplanation> why = explain(new RetentionPolicy(1, 0, 0), Map.of("i6", "sha256 mismatch"));

        assertThat(why.get("i6").damaged()).isEqualTo("sha256 mismatch");
        assertThat(why.get("i6").takesDown()).containsExactly("i7", "i8");
        assertThat(why.get("i7").unrestorable()).isEqualTo("link i6 is damaged: sha256 mismatch");
        assertThat(why.get("i8").unrestorable()).isEqualTo("link i6 is damaged: sha256 mismatch");
        assertThat(why.get("f5").unrestorable()).isNull();
        assertThat(why.get("i7").takesDown()).isEmpty();
        // the planner keeps the broken ones for an operator; the intact f5 is now the latest
        assertThat(why.get("i8").reasonTokens()).containsExactly("BROKEN_CHAIN");
        assertThat(why.get("f5").reasonTokens()).startsWith("LATEST");
    }

    @Test
    void aDamagedFullTakesDownItsWholeChain() {
        Map<String, RestorePointExplanation> why = explain(new RetentionPolicy(1, 0, 0), Map.of("f1", "size 3, manifest says 4"));

        assertThat(why.get("f1").takesDown()).containsExactly("i2", "i3", "i4");
        assertThat(why.get("i6").takesDown()).isEmpty();
    }

    @Test
    void withoutAPolicyThereAreNoReasonsButDamageIsStillExplained() {
        Map<String, RestorePointExplanation> why = RestorePointExplanation.explain(POINTS, Map.of("i3", "failed"),
                Optional.empty());

        assertThat(why.get("i8").becauseWords()).isEmpty();
        assertThat(why.get("i8").deletedAtNextPrune()).isFalse();
        assertThat(why.get("i3").takesDown()).containsExactly("i4");
        assertThat(why.keySet()).containsExactly("f1", "i2", "i3", "i4", "f5", "i6", "i7", "i8");
    }

    @Test
    void aMissingParentMakesThePointUnrestorableWithoutADamagedPoint() {
        List<RestorePoint> points = List.of(RestorePoint.incremental("o1", day(0), "gone"),
                RestorePoint.incremental("o2", day(1), "o1"));
        Map<String, RestorePointExplanation> why = RestorePointExplanation.explain(points, Map.of(), Optional.empty());

        assertThat(why.get("o2").unrestorable()).isEqualTo("link gone (parent of o1) is not stored");
        assertThat(why.values()).allSatisfy(e -> assertThat(e.damaged()).isNull());
    }
}
