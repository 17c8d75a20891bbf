package org.btrfssendbackup.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VariantOrderTest {

    @Test
    void roundsAreTheRowsOfAWilliamsSquare() {
        List<String> abcd = List.of("a", "b", "c", "d");
        assertThat(VariantOrder.forRound(abcd, 1)).containsExactly("a", "b", "d", "c");
        assertThat(VariantOrder.forRound(abcd, 2)).containsExactly("b", "c", "a", "d");
        assertThat(VariantOrder.forRound(abcd, 3)).containsExactly("c", "d", "b", "a");
        assertThat(VariantOrder.forRound(abcd, 4)).containsExactly("d", "a", "c", "b");
        assertThat(VariantOrder.forRound(abcd, 5)).containsExactly("a", "b", "d", "c");
    }

    @Test
    void overSixRoundsEveryVariantFollowsEveryOtherExactlyOnce() {
        Map<String, Set<String>> predecessors = new HashMap<>();
        int pairs = 0;
        for (int round = 1; round <= VariantOrder.ALL.size(); round++) {
            List<String> order = VariantOrder.forRound(VariantOrder.ALL, round);
            for (int i = 1; i < order.size(); i++) {
                assertThat(predecessors.computeIfAbsent(order.get(i), v -> new HashSet<>()).add(order.get(i - 1)))
                        .as("%s after %s twice", order.get(i), order.get(i - 1)).isTrue();
                pairs++;
            }
        }
        assertThat(pairs).isEqualTo(6 * 5);
    }

    @Test
    void everyRoundRunsEveryVariantOnceAndNoVariantAlwaysFollowsTheSameOne() {
        Set<String> predecessorsOfOurs = new HashSet<>();
        for (int round = 1; round <= 3; round++) {
            List<String> order = VariantOrder.forRound(VariantOrder.ALL, round);
            assertThat(order).containsExactlyInAnyOrderElementsOf(VariantOrder.ALL);
            int at = order.indexOf("ours");
            predecessorsOfOurs.add(at == 0 ? "(first)" : order.get(at - 1));
        }
        assertThat(predecessorsOfOurs).hasSize(3);
    }

    @Test
    void refusesRoundZero() {
        assertThatThrownBy(() -> VariantOrder.forRound(VariantOrder.ALL, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from 1");
    }
}
