package org.btrfssendbackup.core.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotNameTest {

    @ParameterizedTest
    @CsvSource({
            "prod-srv-rootfs-20260131T020500Z, prod-srv-rootfs, 2026-01-31T02:05:00Z",
            "a-20240229T235959Z, a, 2024-02-29T23:59:59Z",
            "x.y_z-20000101T000000Z, x.y_z, 2000-01-01T00:00:00Z",
            "p--20260101T000000Z, p-, 2026-01-01T00:00:00Z",
    })
    void parsesAndFormats(String text, String prefix, String time) {
        SnapshotName name = SnapshotName.parse(text);
        assertThat(name.prefix()).isEqualTo(prefix);
        assertThat(name.time()).isEqualTo(Instant.parse(time));
        assertThat(name.value()).isEqualTo(text);
        assertThat(SnapshotName.of(prefix, Instant.parse(time))).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "20260101T000000Z", "-20260101T000000Z", "p-20261331T000000Z", "p-20260230T000000Z",
            "p-20250229T000000Z", "p-20260101T240000Z", "p-20260101T006000Z", "p-20260101T000060Z",
            "p-20260101t000000Z", "p-20260101T000000z", "p-20260101T000000", "p-2026010T000000Z",
            "p-20260101T0000000Z", "p-20260101T000000Z ", " p-20260101T000000Z", "p_20260101T000000Z",
            ".p-20260101T000000Z", "../p-20260101T000000Z", "a/p-20260101T000000Z", "p;x-20260101T000000Z",
            "p$(id)-20260101T000000Z", "p x-20260101T000000Z", "pé-20260101T000000Z", "p-2026-01-01T00:00:00Z",
            "p-\u0661\u0662\u0660\u0660\u0660\u0661\u0660\u0661T000000Z"})
    void refusesInvalidNames(String text) {
        assertThatThrownBy(() -> SnapshotName.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("snapshot");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-x", ".x", "a b", "a/b", "a;b"})
    void refusesInvalidPrefixes(String prefix) {
        assertThatThrownBy(() -> SnapshotName.of(prefix, Instant.parse("2026-01-01T00:00:00Z")))
                .hasMessageContaining("snapshot prefix");
    }

    @org.junit.jupiter.api.Test
    void refusesFractionalSecondsAndSortsByTime() {
        assertThatThrownBy(() -> SnapshotName.of("p", Instant.parse("2026-01-01T00:00:00.5Z")))
                .hasMessageContaining("fractions");
        SnapshotName older = SnapshotName.parse("z-20260101T000000Z");
        SnapshotName newer = SnapshotName.parse("a-20260102T000000Z");
        assertThat(older).isLessThan(newer);
    }
}
