package org.btrfssendbackup.producer.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.protocol.ListReplyLine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The send step's decisions as a table: planned parent, local parent, listing → what is sent. */
class SendChoiceTest {

    private static final SnapshotName NEW = SnapshotName.parse("prod-rootfs-20260303T020500Z");
    private static final SnapshotName PARENT = SnapshotName.parse("prod-rootfs-20260302T020500Z");
    private static final SnapshotName OLDER = SnapshotName.parse("prod-rootfs-20260301T020500Z");

    /**
     * listing: none = no listing at hand; empty; parent = the parent listed, restorable;
     * damaged = the parent listed but not restorable; new = the new snapshot listed; older = only an older full.
     */
    @ParameterizedTest(name = "planned {0}, local {1}, listing {2} -> {3}")
    @CsvSource({
        "none,   true,  none,    full, false",
        "parent, true,  none,    incr, false",
        "parent, false, none,    full, true",
        "parent, false, parent,  full, true",
        "parent, true,  parent,  incr, false",
        "parent, true,  empty,   full, true",
        "parent, true,  older,   full, true",
        "parent, true,  damaged, full, true",
        "none,   false, damaged, full, false",
    })
    void plan(String planned, boolean local, String listing, String kind, boolean changed) {
        Optional<SnapshotName> plannedParent = planned.equals("parent") ? Optional.of(PARENT) : Optional.empty();

        SendChoice.Plan plan = SendChoice.plan(NEW, plannedParent, local, listing(listing));

        assertThat(plan.kind()).isEqualTo(StreamKind.parse(kind));
        assertThat(plan.parent()).isEqualTo(plan.kind() == StreamKind.INCR ? Optional.of(PARENT) : Optional.empty());
        assertThat(plan.reason().isPresent()).isEqualTo(changed);
        plan.reason().ifPresent(r -> assertThat(r).contains(NEW.value(), PARENT.value(), "sending a full"));
    }

    @ParameterizedTest(name = "sent parent {0}, listing {1} -> explained {2}")
    @CsvSource({
        "none,   empty,   false",
        "none,   new,     true",
        "parent, parent,  false",
        "parent, empty,   true",
        "parent, damaged, true",
        "parent, new,     true",
        "none,   older,   false",
    })
    void aFailedPutStreamIsExplainedOnlyByAStoredSnapshotOrAParentThatCannotBeChainedOn(String sent, String listing,
                                                                                         boolean explained) {
        Optional<SnapshotName> sentParent = sent.equals("parent") ? Optional.of(PARENT) : Optional.empty();

        assertThat(SendChoice.listingExplainsFailure(NEW, sentParent, listing(listing).orElseThrow())).isEqualTo(explained);
    }

    @ParameterizedTest(name = "uploaded before {0} -> list first {1}")
    @CsvSource({
        "none, false",
        "A,    true",
    })
    void theListingComesFirstOnlyWhenThisProducerUploadedTheSnapshotBefore(String sent, boolean listFirst) {
        assertThat(SendChoice.listBeforeSending(sha(sent))).isEqualTo(listFirst);
    }

    /**
     * sent: sha256 this producer uploaded for NEW before (none = never, or unknown); stored: NEW in
     * the listing with sha256 A or B, without one (nosha), or absent; chain: the parent's listing
     * (parent, damaged, empty as in {@link #listing}); local: the parent still exists locally.
     */
    @ParameterizedTest(name = "sent {0}, stored {1}, chain {2}, local {3} -> {4}")
    @CsvSource({
        "none, A,      parent,  true,  stored",
        "A,    A,      parent,  true,  stored",
        "none, nosha,  parent,  true,  stored",
        "A,    B,      parent,  true,  differs",
        "A,    nosha,  parent,  true,  differs",
        "A,    B,      damaged, false, differs",
        "none, absent, parent,  true,  incr",
        "A,    absent, parent,  true,  incr",
        "A,    absent, empty,   true,  full",
        "none, absent, damaged, true,  full",
        "none, absent, parent,  false, full",
    })
    void withAListingTheStepConfirmsWhatIsStoredRefusesAStoredCopyThatDiffersOrSends(String sent, String stored,
                                                                                     String chain, boolean local,
                                                                                     String outcome) {
        List<ListReplyLine.Stream> listing = new java.util.ArrayList<>(listing(chain).orElseThrow());
        if (!stored.equals("absent")) {
            listing.add(ListReplyLine.Stream.ofFields(NEW, StreamKind.INCR, Optional.of(PARENT), OptionalLong.of(1),
                    stored.equals("nosha") ? Optional.empty() : sha(stored), true));
        }

        SendChoice.AfterListing next = SendChoice.afterListing(NEW, sha(sent), Optional.of(PARENT), local, listing);

        switch (outcome) {
            case "stored" -> assertThat(next).isInstanceOfSatisfying(SendChoice.AlreadyStored.class,
                    a -> assertThat(a.stored().snapshot()).isEqualTo(NEW));
            case "differs" -> assertThat(next).isInstanceOfSatisfying(SendChoice.StoredDiffers.class,
                    d -> assertThat(d.problem()).contains(NEW.value(), sha(sent).orElseThrow(), "not the backup"));
            default -> assertThat(next).isInstanceOfSatisfying(SendChoice.Send.class,
                    s -> assertThat(s.plan().kind()).isEqualTo(StreamKind.parse(outcome)));
        }
    }

    private static Optional<String> sha(String which) {
        return which.equals("none") ? Optional.empty() : Optional.of(which.repeat(64).toLowerCase());
    }

    private static Optional<List<ListReplyLine.Stream>> listing(String which) {
        return switch (which) {
            case "none" -> Optional.empty();
            case "empty" -> Optional.of(List.of());
            case "parent" -> Optional.of(List.of(full(OLDER, true), incr(PARENT, OLDER, true)));
            case "damaged" -> Optional.of(List.of(full(OLDER, false), incr(PARENT, OLDER, false)));
            case "new" -> Optional.of(List.of(full(OLDER, true), incr(PARENT, OLDER, true), incr(NEW, PARENT, true)));
            case "older" -> Optional.of(List.of(full(OLDER, true)));
            default -> throw new IllegalArgumentException(which);
        };
    }

    private static ListReplyLine.Stream full(SnapshotName name, boolean restorable) {
        return ListReplyLine.Stream.ofFields(name, StreamKind.FULL, Optional.empty(), OptionalLong.of(1), Optional.empty(), restorable);
    }

    private static ListReplyLine.Stream incr(SnapshotName name, SnapshotName parent, boolean restorable) {
        return ListReplyLine.Stream.ofFields(name, StreamKind.INCR, Optional.of(parent), OptionalLong.of(1), Optional.empty(), restorable);
    }
}
