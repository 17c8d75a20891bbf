package org.btrfssendbackup.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestoreChainPlannerTest {

    private static final Instant T0 = Instant.parse("2026-03-01T02:00:00Z");

    private static Instant day(int n) {
        return T0.plusSeconds(86_400L * n);
    }

    /** Two chains: f1 ← i2 ← i3, then f4 ← i5; the list is shuffled on purpose. */
    private static final List<RestorePoint> STORED = List.of(
            RestorePoint.incremental("i5", day(5), "f4"),
            RestorePoint.incremental("i3", day(3), "i2"),
            RestorePoint.full("f1", day(1)),
            RestorePoint.full("f4", day(4)),
            RestorePoint.incremental("i2", day(2), "f1"));

    private static List<String> names(List<RestorePoint> chain) {
        return chain.stream().map(RestorePoint::name).toList();
    }

    @Test
    void chainRunsFromTheFullToTheTarget() {
        assertThat(names(RestoreChainPlanner.chainTo(STORED, "i3"))).containsExactly("f1", "i2", "i3");
    }

    @Test
    void chainStopsAtTheNearestFull() {
        assertThat(names(RestoreChainPlanner.chainTo(STORED, "i5"))).containsExactly("f4", "i5");
        assertThat(names(RestoreChainPlanner.chainTo(STORED, "f4"))).containsExactly("f4");
    }

    @Test
    void defaultTargetIsTheNewest() {
        assertThat(names(RestoreChainPlanner.chainToNewest(STORED))).containsExactly("f4", "i5");
    }

    @Test
    void missingParentIsNamed() {
        List<RestorePoint> gap = List.of(RestorePoint.full("f1", day(1)),
                RestorePoint.incremental("i3", day(3), "i2"));

        assertThatThrownBy(() -> RestoreChainPlanner.chainTo(gap, "i3"))
                .isInstanceOfSatisfying(BrokenChainException.class, e -> {
                    assertThat(e.problem()).isEqualTo(BrokenChainException.Problem.MISSING_LINK);
                    assertThat(e.missingName()).isEqualTo("i2");
                })
                .hasMessageContaining("parent i2 of i3 is not stored");
    }

    @Test
    void unknownTargetIsNamed() {
        assertThatThrownBy(() -> RestoreChainPlanner.chainTo(STORED, "nope"))
                .isInstanceOfSatisfying(BrokenChainException.class, e -> {
                    assertThat(e.problem()).isEqualTo(BrokenChainException.Problem.TARGET_NOT_FOUND);
                    assertThat(e.missingName()).isEqualTo("nope");
                })
                .hasMessageContaining("nope");
    }

    @Test
    void cycleIsReportedNotLoopedForever() {
        List<RestorePoint> cycle = List.of(RestorePoint.incremental("a", day(1), "b"),
                RestorePoint.incremental("b", day(2), "a"));

        assertThatThrownBy(() -> RestoreChainPlanner.chainTo(cycle, "b"))
                .isInstanceOfSatisfying(BrokenChainException.class,
                        e -> assertThat(e.problem()).isEqualTo(BrokenChainException.Problem.CYCLE))
                .hasMessageContaining("cycle");
    }

    @Test
    void emptySetHasNoNewest() {
        assertThatThrownBy(() -> RestoreChainPlanner.chainToNewest(List.of()))
                .isInstanceOfSatisfying(BrokenChainException.class,
                        e -> assertThat(e.problem()).isEqualTo(BrokenChainException.Problem.EMPTY_SET));
    }

    @Test
    void duplicateNamesAreRefused() {
        List<RestorePoint> twice = List.of(RestorePoint.full("f1", day(1)), RestorePoint.full("f1", day(2)));

        assertThatThrownBy(() -> RestoreChainPlanner.chainTo(twice, "f1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("f1");
    }
}
