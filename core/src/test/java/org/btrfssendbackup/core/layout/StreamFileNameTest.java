package org.btrfssendbackup.core.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StreamFileNameTest {

    @ParameterizedTest
    @CsvSource({
            "prod-srv-rootfs-20260131T020500Z.full.btrfs.gpg, prod-srv-rootfs-20260131T020500Z, FULL",
            "a.b-20260131T020500Z.incr.btrfs.gpg, a.b-20260131T020500Z, INCR",
    })
    void parsesAndFormats(String text, String snapshot, StreamKind kind) {
        StreamFileName name = StreamFileName.parse(text);
        assertThat(name.snapshot()).isEqualTo(SnapshotName.parse(snapshot));
        assertThat(name.kind()).isEqualTo(kind);
        assertThat(name.value()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "p-20260131T020500Z.full.btrfs", "p-20260131T020500Z.btrfs.gpg",
            "p-20260131T020500Z.FULL.btrfs.gpg", "p-20260131T020500Z.diff.btrfs.gpg", "p-20260131T020500Z.manifest",
            "../p-20260131T020500Z.full.btrfs.gpg", "/etc/p-20260131T020500Z.full.btrfs.gpg",
            ".p-20260131T020500Z.full.btrfs.gpg.partial-abc", ".p-20260131T020500Z.full.btrfs.gpg",
            "p-20260131T020500Z.full.btrfs.gpg.partial-x", "p-20261331T020500Z.full.btrfs.gpg"})
    void refusesOtherFiles(String text) {
        assertThatThrownBy(() -> StreamFileName.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"full, FULL", "incr, INCR"})
    void kindTokens(String token, StreamKind kind) {
        assertThat(StreamKind.parse(token)).isEqualTo(kind);
        assertThat(kind.token()).isEqualTo(token);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "FULL", "Incr", "full ", "differential"})
    void refusesOtherKinds(String token) {
        assertThatThrownBy(() -> StreamKind.parse(token)).hasMessageContaining("stream kind");
    }
}
