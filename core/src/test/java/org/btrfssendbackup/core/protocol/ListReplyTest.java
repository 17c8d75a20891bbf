package org.btrfssendbackup.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.Compression;
import org.btrfssendbackup.core.protocol.ListReplyLine.Unreadable.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The one reader of the {@code list SET} reply, line by line, as the receiver writes it (JsonLine). */
class ListReplyTest {

    /** Test code only: product code passes messages.JsonFormats.line(), which is Jackson's defaults too. */
    private static final ObjectMapper LINE = new ObjectMapper();
    private static final String A = "prod-srv-rootfs-20260131T020500Z";
    private static final String B = "prod-srv-rootfs-20260201T020500Z";
    private static final String SHA = "ab".repeat(32);
    private static final String UUID_A = "0f6c3b4e-2a4f-4c47-9d1e-6c1a2b3c4d5e";

    /** Exactly what the receiver's JsonLine.manifest prints for an incremental that is not restorable. */
    private static final String MANIFEST = "{\"formatVersion\":1,\"set\":\"prod-srv/rootfs\",\"snapshot\":\"" + B
            + "\",\"kind\":\"incr\",\"parent\":\"" + A + "\",\"file\":\"" + B + ".incr.btrfs.gpg\",\"bytes\":5,"
            + "\"sha256\":\"" + SHA + "\",\"compression\":\"zstd\",\"encryption\":\"openpgp\","
            + "\"producerHost\":\"prod-srv\",\"btrfsUuid\":\"" + UUID_A + "\",\"created\":\"2026-02-01T02:05:00Z\","
            + "\"received\":\"2026-02-01T02:06:00Z\",\"restorable\":false,\"unrestorable\":\"parent " + A
            + " is missing\"}";

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of(MANIFEST, ListReplyLine.Stream.class),
                Arguments.of("{\"snapshot\":\"" + B + "\",\"kind\":\"incr\",\"parent\":\"" + A + "\"}", ListReplyLine.Stream.class),
                Arguments.of("{\"status\":\"ok\",\"snapshot\":\"" + A + "\",\"kind\":\"full\"}", ListReplyLine.Stream.class),
                Arguments.of("{\"status\":\"invalid-manifest\",\"manifestFile\":\"x.manifest\",\"error\":\"bad\"}",
                        ListReplyLine.InvalidManifest.class),
                Arguments.of("{\"status\":\"no-manifest\",\"file\":\"" + A + ".full.btrfs.gpg\",\"error\":\"e\"}",
                        ListReplyLine.NoManifest.class),
                Arguments.of("{\"type\":\"received-snapshot\",\"snapshot\":\"" + A + "\",\"received_uuid\":\"" + UUID_A
                        + "\",\"read_only\":true}", ListReplyLine.ReceivedSnapshot.class),
                Arguments.of("{\"type\":\"something-newer\",\"x\":1}", ListReplyLine.Other.class),
                Arguments.of("{\"status\":\"something-newer\"}", ListReplyLine.Other.class),
                Arguments.of("not json", ListReplyLine.Unreadable.class),
                Arguments.of("[1,2]", ListReplyLine.Unreadable.class),
                Arguments.of("{\"snapshot\":\"../etc\",\"kind\":\"full\"}", ListReplyLine.Unreadable.class),
                Arguments.of("{\"snapshot\":\"" + A + "\"}", ListReplyLine.Unreadable.class),
                Arguments.of("{\"snapshot\":\"" + A + "\",\"kind\":\"sideways\"}", ListReplyLine.Unreadable.class),
                Arguments.of("{\"type\":\"received-snapshot\",\"snapshot\":\"" + A + "\",\"received_uuid\":\"nope\"}",
                        ListReplyLine.Unreadable.class));
    }

    @ParameterizedTest
    @MethodSource("lines")
    void eachLineIsTypedByItsShape(String text, Class<? extends ListReplyLine> type) {
        ListReplyLine line = ListReply.parseLine(text, LINE);
        assertThat(line).isInstanceOf(type);
        assertThat(line.text()).isEqualTo(text);
    }

    @Test
    void aManifestLineCarriesTheStreamAndTheWholeManifest() {
        var line = (ListReplyLine.Stream) ListReply.parseLine(MANIFEST, LINE);
        assertThat(line.snapshot()).isEqualTo(SnapshotName.parse(B));
        assertThat(line.kind()).isEqualTo(StreamKind.INCR);
        assertThat(line.parent()).contains(SnapshotName.parse(A));
        assertThat(line.bytes()).isEqualTo(OptionalLong.of(5));
        assertThat(line.sha256()).contains(SHA);
        assertThat(line.restorable()).isFalse();
        assertThat(line.unrestorable()).contains("parent " + A + " is missing");
        var manifest = line.manifest().orElseThrow();
        assertThat(manifest.set()).isEqualTo(BackupSetName.of("prod-srv/rootfs"));
        assertThat(manifest.compression()).isEqualTo(Compression.ZSTD);
        assertThat(manifest.producerHost()).contains("prod-srv");
        assertThat(manifest.uuids().snapshotUuid()).contains(UUID_A);
        assertThat(manifest.received()).isPresent();
    }

    @Test
    void aLineFromAReceiverThatPredatesRestorableIsTakenAtItsWordAndWithoutASetHasNoManifest() {
        var line = (ListReplyLine.Stream) ListReply.parseLine("{\"snapshot\":\"" + A + "\",\"kind\":\"full\"}", LINE);
        assertThat(line.restorable()).isTrue();
        assertThat(line.manifest()).isEmpty();
        assertThat(line.manifestError()).contains("list reply line has no set");
    }

    @Test
    void aBadManifestFieldCostsTheManifestButNotTheStream() {
        var line = (ListReplyLine.Stream) ListReply.parseLine("{\"set\":\"prod-srv/rootfs\",\"snapshot\":\"" + A
                + "\",\"kind\":\"full\",\"file\":\"../../etc/passwd\"}", LINE);
        assertThat(line.snapshot()).isEqualTo(SnapshotName.parse(A));
        assertThat(line.manifest()).isEmpty();
        assertThat(line.manifestError()).isPresent();
    }

    @Test
    void receivedSnapshotLinesKeepUuidAndReadOnly() {
        List<ListReplyLine> lines = ListReply.parse(MANIFEST + "\n\n{\"type\":\"received-snapshot\",\"snapshot\":\"" + A
                + "\",\"received_uuid\":null,\"read_only\":false}\n", LINE);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).isEqualTo(new ListReplyLine.ReceivedSnapshot(SnapshotName.parse(A), Optional.empty(),
                false, lines.get(1).text()));
        var withUuid = (ListReplyLine.ReceivedSnapshot) ListReply.parseLine("{\"type\":\"received-snapshot\",\"snapshot\":\""
                + A + "\",\"received_uuid\":\"" + UUID_A + "\",\"read_only\":true}", LINE);
        assertThat(withUuid.receivedUuid()).contains(UUID.fromString(UUID_A));
        assertThat(withUuid.readOnly()).isTrue();
    }

    @Test
    void unreadableLinesSayWhichShapeFailedAndQuoteTheLine() {
        var bad = (ListReplyLine.Unreadable) ListReply.parseLine("{\"snapshot\":\"" + A + "\",\"kind\":\"sideways\"}", LINE);
        assertThat(bad.shape()).isEqualTo(Shape.STREAM);
        assertThat(bad.message()).startsWith("list: unexpected manifest line").contains("sideways");
        var uuid = (ListReplyLine.Unreadable) ListReply.parseLine("{\"type\":\"received-snapshot\",\"snapshot\":\"" + A
                + "\",\"received_uuid\":\"nope\"}", LINE);
        assertThat(uuid.shape()).isEqualTo(Shape.RECEIVED_SNAPSHOT);
        assertThat(uuid.message()).contains("malformed received_uuid 'nope'");
        assertThat(((ListReplyLine.Unreadable) ListReply.parseLine("garbage", LINE)).shape()).isEqualTo(Shape.NOT_JSON);
    }

    @Test
    void aStreamMadeFromItsFieldsReadsBackAsThoseFieldsWithoutAManifest() {
        var made = ListReplyLine.Stream.ofFields(SnapshotName.parse(B), StreamKind.INCR,
                Optional.of(SnapshotName.parse(A)), OptionalLong.of(5), Optional.of(SHA), false);
        assertThat(made.text()).isEqualTo(made.format());
        var read = (ListReplyLine.Stream) ListReply.parseLine(made.format(), LINE);
        assertThat(read.snapshot()).isEqualTo(made.snapshot());
        assertThat(read.kind()).isEqualTo(StreamKind.INCR);
        assertThat(read.parent()).isEqualTo(made.parent());
        assertThat(read.bytes()).isEqualTo(OptionalLong.of(5));
        assertThat(read.sha256()).contains(SHA);
        assertThat(read.restorable()).isFalse();
        assertThat(read.manifest()).isEmpty();
        assertThat(ListReplyLine.Stream.ofFields(SnapshotName.parse(A), StreamKind.FULL, Optional.empty(),
                OptionalLong.empty(), Optional.empty()).restorable()).isTrue();
    }

    @Test
    void onlyAStoredRestorableStreamCanBeChainedOn() {
        var a = ListReplyLine.Stream.ofFields(SnapshotName.parse(A), StreamKind.FULL, Optional.empty(),
                OptionalLong.of(1), Optional.empty(), true);
        var b = ListReplyLine.Stream.ofFields(SnapshotName.parse(B), StreamKind.INCR, Optional.of(SnapshotName.parse(A)),
                OptionalLong.of(1), Optional.empty(), false);
        assertThat(ListReplyLine.Stream.canChainOn(List.of(a, b), SnapshotName.parse(A))).isTrue();
        assertThat(ListReplyLine.Stream.canChainOn(List.of(a, b), SnapshotName.parse(B))).isFalse();
        assertThat(ListReplyLine.Stream.canChainOn(List.of(b), SnapshotName.parse(A))).isFalse();
    }
}
