package org.btrfssendbackup.core.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.btrfssendbackup.core.chain.RestoreChainPlanner;
import org.btrfssendbackup.core.chain.RestorePoint;

class RetentionPlannerProperties {

    @Provide
    Arbitrary<RandomHistory> histories() {
        return RandomHistory.histories();
    }

    @Property
    void keepAndDeletePartitionTheInput(@ForAll("histories") RandomHistory h) {
        RetentionPlan plan = h.plan();
        Set<String> kept = new HashSet<>(plan.keptNames());
        Set<String> deleted = new HashSet<>(plan.deletedNames());

        assertThat(Collections.disjoint(kept, deleted)).as("kept and deleted disjoint").isTrue();
        assertThat(plan.keep().size() + plan.delete().size()).isEqualTo(h.points().size());
        Set<String> all = new HashSet<>(kept);
        all.addAll(deleted);
        assertThat(all).isEqualTo(names(h.points()));
    }

    @Property
    void theLatestIsKeptAsLatest(@ForAll("histories") RandomHistory h) {
        RestorePoint latest = h.points().stream().max(RestorePoint.BY_TIME).orElseThrow();

        KeptPoint kept = h.plan().keep().stream().filter(k -> k.name().equals(latest.name()))
                .findFirst().orElseThrow(() -> new AssertionError("latest deleted: " + latest));
        assertThat(kept.hasReason(KeepReason.Kind.LATEST)).isTrue();
    }

    @Property
    void everyKeptPointsChainIsKept(@ForAll("histories") RandomHistory h) {
        RetentionPlan plan = h.plan();
        Set<String> kept = new HashSet<>(plan.keptNames());
        Set<String> orphans = names(plan.orphans());

        for (String name : kept) {
            if (h.mode() == ChainMode.STREAM_CHAINS && !orphans.contains(name)) {
                assertThat(kept).as("chain of " + name)
                        .containsAll(names(RestoreChainPlanner.chainTo(h.points(), name)));
            }
        }
    }

    @Property
    void keptIsExactlyPolicyPlusProtectedPlusAncestors(@ForAll("histories") RandomHistory h) {
        assertThat(new HashSet<>(h.plan().keptNames())).isEqualTo(NaiveRetention.expectedKept(h));
    }

    @Property
    void orphansAreExactlyThePointsWithoutARestoreChain(@ForAll("histories") RandomHistory h) {
        Set<String> expected = h.mode() == ChainMode.STREAM_CHAINS ? NaiveRetention.orphans(h.points()) : Set.of();

        assertThat(names(h.plan().orphans())).isEqualTo(expected);
    }

    @Property
    void planningTheKeptSetAgainDeletesNothing(@ForAll("histories") RandomHistory h) {
        List<RestorePoint> kept = h.plan().keep().stream().map(KeptPoint::point).toList();

        RetentionPlan again = RetentionPlanner.plan(kept, h.policy(), h.protectedNames(), h.mode());

        assertThat(again.delete()).isEmpty();
        assertThat(again.keep()).isEqualTo(h.plan().keep().stream()
                .filter(k -> again.keptNames().contains(k.name())).toList());
    }

    @Property
    void everyKeptPointHasAReasonAndListsAreSortedByTime(@ForAll("histories") RandomHistory h) {
        RetentionPlan plan = h.plan();

        assertThat(plan.keep()).allSatisfy(k -> assertThat(k.reasons()).isNotEmpty());
        assertThat(plan.keep().stream().map(KeptPoint::point).toList()).isSortedAccordingTo(RestorePoint.BY_TIME);
        assertThat(plan.delete()).isSortedAccordingTo(RestorePoint.BY_TIME);
    }

    private static Set<String> names(List<RestorePoint> points) {
        return points.stream().map(RestorePoint::name).collect(Collectors.toSet());
    }
}
