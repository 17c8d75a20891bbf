package org.btrfssendbackup.core.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SubvolumeShowParserTest {

    /** btrfs-progs v6.2 output for a received read-only snapshot. */
    private static final String RECEIVED = """
            set/prod-srv-rootfs-20250101T020500Z
            \tName: \t\t\tprod-srv-rootfs-20250101T020500Z
            \tUUID: \t\t\tb7261f21-20cd-384b-98b8-307422114119
            \tParent UUID: \t\t-
            \tReceived UUID: \t\t1cb81dae-bbb9-4948-9b7c-d3d585af1725
            \tCreation time: \t\t2026-11-26 07:02:26 +0000
            \tSubvolume ID: \t\t257
            \tGeneration: \t\t7
            \tGen at creation: \t7
            \tParent ID: \t\t5
            \tTop level ID: \t\t5
            \tFlags: \t\t\treadonly
            \tSend transid: \t\t0
            \tSend time: \t\t2026-11-26 07:02:26 +0000
            \tReceive transid: \t8
            \tReceive time: \t\t2026-11-26 07:02:27 +0000
            \tSnapshot(s):
            \t\t\t\tother/snap
            """;

    @Test
    void parsesAReceivedSnapshot() {
        SubvolumeInfo info = SubvolumeShowParser.parse(RECEIVED.lines().toList());
        assertThat(info).isEqualTo(new SubvolumeInfo("prod-srv-rootfs-20250101T020500Z",
                UUID.fromString("b7261f21-20cd-384b-98b8-307422114119"), Optional.empty(),
                Optional.of(UUID.fromString("1cb81dae-bbb9-4948-9b7c-d3d585af1725")), 7, true));
    }

    @Test
    void writableSubvolumeWithoutReceivedUuid() {
        String text = RECEIVED.replace("readonly", "-").replace("1cb81dae-bbb9-4948-9b7c-d3d585af1725", "-");
        SubvolumeInfo info = SubvolumeShowParser.parse(text.lines().toList());
        assertThat(info.readOnly()).isFalse();
        assertThat(info.receivedUuid()).isEmpty();
    }

    @Test
    void missingFieldsAreNamed() {
        assertThatThrownBy(() -> SubvolumeShowParser.parse(List.of("x", "\tName: a")))
                .hasMessageContaining("UUID");
    }

    @Test
    void listParserKeepsThePathColumn() {
        assertThat(SubvolumeListParser.paths(List.of(
                "ID 256 gen 7 top level 5 path @root",
                "ID 257 gen 7 top level 5 path snaps/with space",
                "ID 258 gen 9 top level 5 path <FS_TREE>/snaps/s2")))
                .containsExactly(Path.of("@root"), Path.of("snaps/with space"), Path.of("snaps/s2"));
        assertThatThrownBy(() -> SubvolumeListParser.paths(List.of("garbage")))
                .hasMessageContaining("garbage");
    }
}
