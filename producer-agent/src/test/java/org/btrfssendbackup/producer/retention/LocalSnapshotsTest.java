package org.btrfssendbackup.producer.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.btrfssendbackup.core.retention.RetentionPlan;
import org.btrfssendbackup.core.retention.RetentionPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which SNAPSHOT_DIR entries local retention may touch, and that protection wins over the policy. */
class LocalSnapshotsTest {

    static final String P = "prod-srv-rootfs";

    static final List<String> DIR = List.of(
            P + "-20260101T020500Z", P + "-20260102T020500Z", P + "-20260103T020500Z", P + "-20260103T120000Z",
            "prod-srv-home-20260101T020500Z",  // another prefix
            "prod-srv-20260101T020500Z",       // a shorter prefix that ours starts with
            P + "-20260101T020500Z.tmp",       // not exactly a snapshot name
            "lost+found", "notes.txt");

    @ParameterizedTest(name = "daily={0} protect={1} -> delete {2}")
    @CsvSource(delimiter = ';', value = {
        "0;'';" + P + "-20260101T020500Z " + P + "-20260102T020500Z " + P + "-20260103T020500Z",
        "2;'';" + P + "-20260101T020500Z " + P + "-20260103T020500Z",
        "0;" + P + "-20260101T020500Z;" + P + "-20260102T020500Z " + P + "-20260103T020500Z",
        "7;'';" + P + "-20260103T020500Z",  // not the newest of its day
    })
    void deletesOnlyWhatThePlanSaysAndNeverProtectedOrForeignNames(int daily, String protect, String expected) {
        expected = expected == null ? "" : expected;
        protect = protect == null ? "" : protect;
        Set<String> protectedNames = protect.isEmpty() ? Set.of() : Set.of(protect);

        RetentionPlan plan = LocalSnapshots.plan(DIR, P, new RetentionPolicy(daily, 0, 0), protectedNames);

        List<String> wanted = expected.isEmpty() ? List.of() : List.of(expected.split(" "));
        assertThat(plan.deletedNames()).containsExactlyElementsOf(wanted);
        assertThat(plan.deletedNames()).allMatch(n -> n.startsWith(P + "-2026") && !protectedNames.contains(n));
        assertThat(plan.keptNames()).contains(P + "-20260103T120000Z"); // the latest, always
    }

    @ParameterizedTest
    @CsvSource({"prod-srv-home-20260101T020500Z", "prod-srv-20260101T020500Z", "lost+found",
            "prod-srv-rootfs-20260101T020500Z.tmp", "prod-srv-rootfs-20261301T020500Z"})
    void foreignEntriesAreNeverRestorePoints(String name) {
        assertThat(LocalSnapshots.ours(List.of(name), P)).isEmpty();
    }
}
