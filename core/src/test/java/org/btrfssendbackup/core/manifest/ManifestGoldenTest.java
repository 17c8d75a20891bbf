package org.btrfssendbackup.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestGoldenTest {

    private static final BackupSetName SET = BackupSetName.of("prod-srv/rootfs");
    private static final SnapshotName JAN31 = SnapshotName.parse("prod-srv-rootfs-20260131T020500Z");
    private static final SnapshotName FEB01 = SnapshotName.parse("prod-srv-rootfs-20260201T020500Z");

    static String golden(String name) throws IOException {
        try (InputStream in = ManifestGoldenTest.class.getResourceAsStream(name)) {
            assertThat(in).as("golden file %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"full-v1.manifest", "incr-v1-all-keys.manifest"})
    void currentFormatRoundTripsByteForByte(String name) throws IOException {
        String text = golden(name);
        assertThat(ManifestWriter.write(ManifestReader.read(text, SET, name))).isEqualTo(text);
    }

    @Test
    void writerProducesTheGoldenFullManifest() throws IOException {
        Manifest m = Manifest.stored(SET, JAN31, StreamKind.FULL, Optional.empty(), 1_048_576,
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", Compression.ZSTD,
                Instant.parse("2026-01-31T02:07:13Z"));
        assertThat(ManifestWriter.write(m)).isEqualTo(golden("full-v1.manifest"));
    }

    @Test
    void readsEveryKey() throws IOException {
        Manifest m = ManifestReader.read(golden("incr-v1-all-keys.manifest"), SET, "test");
        assertThat(m.formatVersion()).isEqualTo(1);
        assertThat(m.kind()).isEqualTo(StreamKind.INCR);
        assertThat(m.parent()).contains(JAN31);
        assertThat(m.bytes()).isEqualTo(OptionalLong.of(4096));
        assertThat(m.compression()).isEqualTo(Compression.NONE);
        assertThat(m.producerHost()).contains("prod-srv");
        assertThat(m.uuids().snapshotUuid()).contains("0f0e1d2c-3b4a-5968-7766-554433221100");
        assertThat(m.uuids().parentUuid()).contains("11111111-2222-3333-4444-555555555555");
        assertThat(m.received()).contains(Instant.parse("2026-02-01T02:05:42Z"));
        assertThat(m.otherKeys()).isEqualTo(Map.of("zz_future_key", "kept as is"));
    }

    @Test
    void seedMinimalIncrementalDerivesTheRest() throws IOException {
        Manifest m = ManifestReader.read(golden("seed-minimal-incr.manifest"), SET, "seed");
        assertThat(m.formatVersion()).isZero();
        assertThat(m.set()).isEqualTo(SET);
        assertThat(m.snapshot()).isEqualTo(FEB01);
        assertThat(m.kind()).isEqualTo(StreamKind.INCR);
        assertThat(m.parent()).contains(JAN31);
        assertThat(m.streamFile().value()).isEqualTo("prod-srv-rootfs-20260201T020500Z.incr.btrfs.gpg");
        assertThat(m.bytes()).isEmpty();
        assertThat(m.sha256()).isEmpty();
        assertThat(m.compression()).isEqualTo(Compression.UNKNOWN);
        assertThat(m.encryption()).isEqualTo(Manifest.ENCRYPTION_UNKNOWN);
        assertThat(m.created()).isEqualTo(FEB01.time());
        assertThat(m.received()).isEmpty();
    }

    @Test
    void seedMinimalFullHasEmptyParent() throws IOException {
        Manifest m = ManifestReader.read(golden("seed-minimal-full.manifest"), SET, "seed");
        assertThat(m.kind()).isEqualTo(StreamKind.FULL);
        assertThat(m.parent()).isEmpty();
    }

    @Test
    void toleratesCaseQuotesCrlfCommentsAndKeepsUnknownKeys() throws IOException {
        Manifest m = ManifestReader.read(golden("seed-variant-uppercase-quotes-crlf.manifest"), SET, "seed");
        assertThat(m.snapshot()).isEqualTo(FEB01);
        assertThat(m.parent()).contains(JAN31);
        assertThat(m.otherKeys()).containsEntry("mode", "encrypted-stream").containsEntry("parent_snapshot", "x");
    }
}
