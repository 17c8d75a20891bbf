package org.btrfssendbackup.core.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
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
    void theNewestRestorablePointIsKeptAsLatestWithItsWholeChain(@ForAll("histories") RandomHistory h) {
        Set<String> broken = names(h.plan().unrestorable());
        Optional<RestorePoint> newest = h.points().stream().filter(p -> !broken.contains(p.name()))
                .max(RestorePoint.BY_TIME);
        Set<String> kept = new HashSet<>(h.plan().keptNames());

        newest.ifPresentOrElse(latest -> {
            KeptPoint keptLatest = h.plan().keep().stream().filter(k -> k.name().equals(latest.name()))
                    .findFirst().orElseThrow(() -> new AssertionError("newest restorable deleted: " + latest));
            assertThat(keptLatest.hasReason(KeepReason.Kind.LATEST)).isTrue();
            if (h.mode() == ChainMode.STREAM_CHAINS) {
                assertThat(kept).containsAll(names(RestoreChainPlanner.chainTo(h.points(), latest.name())));
            }
        }, () -> assertThat(h.plan().keep()).noneMatch(k -> k.hasReason(KeepReason.Kind.LATEST)));
    }

    @Property
    void noBrokenPointNorAnythingItStandsOnIsEverDeleted(@ForAll("histories") RandomHistory h) {
        Map<String, RestorePoint> byName = h.points().stream()
                .collect(Collectors.toMap(RestorePoint::name, Function.identity()));
        Set<String> deleted = new HashSet<>(h.plan().deletedNames());

        for (UnrestorablePoint broken : h.plan().unrestorable()) {
            Set<String> walked = new HashSet<>();
            for (RestorePoint p = broken.point(); p != null && walked.add(p.name());
                 p = p.isFull() ? null : byName.get(p.parent())) {
                assertThat(deleted).as("stored link of broken " + broken.name()).doesNotContain(p.name());
            }
        }
    }

    /** The policy's choices among restorable points are those it makes when the broken ones are not there. */
    @Property
    void aBrokenPointNeverTakesThePlaceOfARestorableOne(@ForAll("histories") RandomHistory h) {
        Set<String> broken = names(h.plan().unrestorable());
        List<RestorePoint> restorable = h.points().stream().filter(p -> !broken.contains(p.name())).toList();
        RetentionPlan alone = RetentionPlanner.plan(restorable, h.policy(), Set.of(), h.mode());

        assertThat(policySelections(h.plan())).isEqualTo(policySelections(alone));
        assertThat(h.plan().keep()).filteredOn(k -> broken.contains(k.name()))
                .allSatisfy(k -> assertThat(k.reasons()).noneMatch(KeepReason::isPolicySelection));
    }

    @Property
    void keptIsExactlyPolicyPlusProtectedPlusAncestors(@ForAll("histories") RandomHistory h) {
        assertThat(new HashSet<>(h.plan().keptNames())).isEqualTo(NaiveRetention.expectedKept(h));
    }

    @Property
    void unrestorableAreExactlyThePointsWithoutAWholeUndamagedChain(@ForAll("histories") RandomHistory h) {
        Set<String> expected = h.mode() == ChainMode.STREAM_CHAINS
                ? NaiveRetention.unrestorable(h.points(), h.damaged().keySet()) : Set.of();

        assertThat(names(h.plan().unrestorable())).isEqualTo(expected);
    }

    @Property
    void planningTheKeptSetAgainDeletesNothing(@ForAll("histories") RandomHistory h) {
        List<RestorePoint> kept = h.plan().keep().stream().map(KeptPoint::point).toList();

        Set<String> keptNames = names(kept);
        Map<String, String> damagedKept = h.damaged().entrySet().stream().filter(e -> keptNames.contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        RetentionPlan again = RetentionPlanner.plan(kept, h.policy(), h.protectedNames(), h.mode(), damagedKept);

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

    private static Set<String> names(List<?> points) {
        return points.stream().map(p -> p instanceof UnrestorablePoint u ? u.name() : ((RestorePoint) p).name())
                .collect(Collectors.toSet());
    }

    /** Each policy-selected point with its policy reasons (LATEST and the periods). */
    private static Map<String, List<KeepReason>> policySelections(RetentionPlan plan) {
        Map<String, List<KeepReason>> selections = new HashMap<>();
        for (KeptPoint kept : plan.keep()) {
            List<KeepReason> policy = kept.reasons().stream().filter(KeepReason::isPolicySelection).toList();
            if (!policy.isEmpty()) {
                selections.put(kept.name(), policy);
            }
        }
        return selections;
    }
}
