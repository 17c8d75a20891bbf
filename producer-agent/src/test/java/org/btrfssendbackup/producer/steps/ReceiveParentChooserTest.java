package org.btrfssendbackup.producer.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.producer.remote.ReceivedSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** remote-btrfs: the parent is the newest snapshot both sides completely hold, with matching UUIDs. */
class ReceiveParentChooserTest {

    static final String PREFIX = "prod-srv-rootfs";
    static final SnapshotName NEW = SnapshotName.parse(PREFIX + "-20260304T020500Z");
    /** SNAPSHOT_DIR: days 1..3, the new day 4, a day 5 from a wrong clock, and a foreign name. */
    static final List<String> LOCAL = List.of(d(1), d(2), d(3), d(4), d(5), "other-20260303T020500Z", "lost+found");

    static String d(int day) {
        return PREFIX + "-2026030" + day + "T020500Z";
    }

    static UUID uuidOf(SnapshotName name) {
        return UUID.nameUUIDFromBytes(name.value().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param spec received lines: day numbers, "/rw" not read-only, "/nouuid" no received UUID,
     *             "/other" a received UUID that is not the local snapshot's; "f" the foreign name
     */
    static List<ReceivedSnapshot> received(String spec) {
        List<ReceivedSnapshot> lines = new ArrayList<>();
        for (String token : spec.trim().isEmpty() ? new String[0] : spec.trim().split(" ")) {
            String[] parts = token.split("/");
            SnapshotName name = SnapshotName.parse(parts[0].equals("f") ? "other-20260303T020500Z"
                    : d(Integer.parseInt(parts[0])));
            String flag = parts.length > 1 ? parts[1] : "";
            Optional<UUID> uuid = switch (flag) {
                case "nouuid" -> Optional.empty();
                case "other" -> Optional.of(UUID.randomUUID());
                default -> Optional.of(uuidOf(name));
            };
            lines.add(new ReceivedSnapshot(name, uuid, !flag.equals("rw")));
        }
        return lines;
    }

    @ParameterizedTest(name = "received [{0}] -> parent {1}")
    @CsvSource({
        "'',               ",
        "'1 2 3',          3",
        "'1 2',            2",   // backup-srv lost the newest: an older common one
        "'1',              1",
        "'1 2 3/rw',       2",   // half-received (not read-only) is never a parent
        "'1 2 3/nouuid',   2",   // no received UUID: half-received
        "'1 2/other 3/other', 1", // same name, another origin: btrfs receive could not use it
        "'5',              ",    // newer than the snapshot being sent: never a parent
        "'4',              ",    // the snapshot itself is not its own parent
        "'f',              ",    // foreign prefix
        "'1/other',        ",
    })
    void choosesTheNewestCommonCompleteSnapshot(String spec, Integer expectedDay) {
        SendPlan plan = ReceiveParentChooser.choose(NEW, false, "unused", LOCAL, PREFIX, received(spec),
                ReceiveParentChooserTest::uuidOf);

        if (expectedDay == null) {
            assertThat(plan.kind()).isEqualTo(StreamKind.FULL);
            assertThat(plan.parent()).isEmpty();
            assertThat(plan.explanation()).startsWith("full: no snapshot is both");
        } else {
            assertThat(plan.kind()).isEqualTo(StreamKind.INCR);
            assertThat(plan.parent()).contains(SnapshotName.parse(d(expectedDay)));
            assertThat(plan.explanation()).contains("newest snapshot both sides have");
        }
    }

    @Test
    void aRequiredFullIsFullWhateverBothSidesHold() {
        SendPlan plan = ReceiveParentChooser.choose(NEW, true, "full: requested (--force-full)", LOCAL, PREFIX,
                received("1 2 3"), ReceiveParentChooserTest::uuidOf);
        assertThat(plan.kind()).isEqualTo(StreamKind.FULL);
        assertThat(plan.explanation()).isEqualTo("full: requested (--force-full)");
    }

    @Test
    void snapshotsMissingLocallyAreNoParentEvenIfReceived() {
        List<String> onlyDayOne = List.of(d(1), d(4));
        SendPlan plan = ReceiveParentChooser.choose(NEW, false, "unused", onlyDayOne, PREFIX, received("1 2 3"),
                ReceiveParentChooserTest::uuidOf);
        assertThat(plan.parent()).contains(SnapshotName.parse(d(1)));
    }

    @Test
    void skippedUuidMismatchesAreNamedInTheExplanation() {
        SendPlan plan = ReceiveParentChooser.choose(NEW, false, "unused", LOCAL, PREFIX, received("3/other"),
                ReceiveParentChooserTest::uuidOf);
        assertThat(plan.kind()).isEqualTo(StreamKind.FULL);
        assertThat(plan.explanation()).contains("other UUIDs: " + d(3));
    }
}
