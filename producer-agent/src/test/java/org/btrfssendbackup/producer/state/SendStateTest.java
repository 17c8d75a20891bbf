package org.btrfssendbackup.producer.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.protocol.ListReplyLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendStateTest {

    @TempDir
    Path dir;

    static SnapshotName n(String stamp) {
        return SnapshotName.parse("prod-srv-rootfs-" + stamp);
    }

    @Test
    void readsTheSeedsFullPathAndAPlainName() throws Exception {
        SendState state = new SendState(dir.resolve("last-sent"));
        assertThat(state.lastSent()).isEmpty();
        Files.writeString(state.stateFile(), "/mnt/btrfs-root/@backup-snapshots/prod-srv-rootfs-20260101T020500Z\n");
        assertThat(state.lastSent()).contains(n("20260101T020500Z"));
        Files.writeString(state.stateFile(), "prod-srv-rootfs-20260102T020500Z");
        assertThat(state.lastSent()).contains(n("20260102T020500Z"));
    }

    @Test
    void aGarbledStateFileIsAnErrorNamingTheFile() throws Exception {
        SendState state = new SendState(dir.resolve("last-sent"));
        Files.writeString(state.stateFile(), "yesterday\n");
        assertThatThrownBy(state::lastSent).hasMessageContaining(state.stateFile().toString());
    }

    @Test
    void confirmRecordsFullsAndNeverMovesBackwards() throws Exception {
        SendState state = new SendState(dir.resolve("last-sent"));
        assertThat(state.confirm(n("20260101T020500Z"), StreamKind.FULL)).isTrue();
        assertThat(state.confirm(n("20260102T020500Z"), StreamKind.INCR)).isTrue();
        assertThat(state.confirm(n("20260101T020500Z"), StreamKind.FULL)).isFalse();
        assertThat(state.lastSent()).contains(n("20260102T020500Z"));
        assertThat(state.lastFull()).contains(n("20260101T020500Z"));
        try (var files = Files.list(dir)) {
            assertThat(files).extracting(p -> p.getFileName().toString())
                    .containsExactlyInAnyOrder("last-sent", "last-sent.last-full");
        }
    }

    @Test
    void theLastFullIsFoundByWalkingTheStoredChain() {
        List<ListReplyLine.Stream> stored = List.of(
                stream("20260101T020500Z", null), stream("20260102T020500Z", "20260101T020500Z"),
                stream("20260103T020500Z", "20260102T020500Z"), stream("20260105T020500Z", "20260104T020500Z"));
        assertThat(LastFullLookup.lastFullOf(n("20260103T020500Z"), stored)).contains(n("20260101T020500Z"));
        assertThat(LastFullLookup.lastFullOf(n("20260105T020500Z"), stored)).as("broken chain").isEmpty();
        assertThat(LastFullLookup.lastFullOf(n("20260109T020500Z"), stored)).as("not stored").isEmpty();
    }

    static ListReplyLine.Stream stream(String stamp, String parentStamp) {
        return ListReplyLine.Stream.ofFields(n(stamp), parentStamp == null ? StreamKind.FULL : StreamKind.INCR,
                Optional.ofNullable(parentStamp).map(SendStateTest::n), OptionalLong.of(10), Optional.of("a".repeat(64)));
    }
}
