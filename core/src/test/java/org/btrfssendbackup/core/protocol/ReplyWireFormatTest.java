package org.btrfssendbackup.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.BtrfsUuids;
import org.btrfssendbackup.core.manifest.Compression;
import org.btrfssendbackup.core.manifest.Manifest;

import org.junit.jupiter.api.Test;

/**
 * The replies byte for byte as the receiver wrote them before the reply records (its JsonLine):
 * field names and order are the wire format an older producer reads, and an older receiver's
 * lines still parse.
 */
class ReplyWireFormatTest {

    private static final ObjectMapper LINE = new ObjectMapper();
    private static final String SHA = "ab".repeat(32);
    private static final SnapshotName A = SnapshotName.parse("prod-srv-rootfs-20260201T020500Z");
    private static final SnapshotName B = SnapshotName.parse("prod-srv-rootfs-20260202T020500Z");
    private static final UUID UUID_B = UUID.fromString("0f6c4f35-5d5a-4b0a-9d3c-4e1f0e3a9b21");

    @Test
    void putStream() throws IOException {
        String line = "{\"status\":\"stored\",\"set\":\"prod-srv/rootfs\",\"snapshot\":\"" + B + "\",\"file\":\"" + B
                + ".incr.btrfs.gpg\",\"bytes\":715613443,\"sha256\":\"" + SHA + "\"}";
        PutStreamReply reply = new PutStreamReply(PutStreamReply.Status.STORED, BackupSetName.of("prod-srv/rootfs"), B,
                StreamFileName.of(B, StreamKind.INCR), 715_613_443L, SHA);
        assertThat(reply.format()).isEqualTo(line);
        assertThat(PutStreamReply.parse(line, LINE)).isEqualTo(reply);
    }

    @Test
    void receive() throws IOException {
        String full = "{\"status\":\"already-received\",\"snapshot\":\"" + A + "\",\"parent\":null,\"bytes\":80,"
                + "\"sha256\":\"" + SHA + "\",\"received_uuid\":\"" + UUID_B + "\"}";
        ReceiveReply reply = new ReceiveReply(ReceiveReply.Status.ALREADY_RECEIVED, A, Optional.empty(), 80, SHA, UUID_B);
        assertThat(reply.format()).isEqualTo(full);
        assertThat(ReceiveReply.parse(full, LINE)).isEqualTo(reply);
        String incr = "{\"status\":\"received\",\"snapshot\":\"" + B + "\",\"parent\":\"" + A + "\",\"bytes\":80,"
                + "\"sha256\":\"" + SHA + "\",\"received_uuid\":\"" + UUID_B + "\"}";
        assertThat(new ReceiveReply(ReceiveReply.Status.RECEIVED, B, Optional.of(A), 80, SHA, UUID_B).format())
                .isEqualTo(incr);
    }

    @Test
    void pruneReceived() throws IOException {
        String quiet = "{\"status\":\"pruned\",\"kept\":3,\"deleted\":[\"" + A + "\"]}";
        assertThat(new PruneReceivedReply(3, List.of(A.value()), List.of()).format()).isEqualTo(quiet);
        String withIgnored = "{\"status\":\"pruned\",\"kept\":0,\"deleted\":[],\"ignored\":[\"lost+found\"]}";
        assertThat(new PruneReceivedReply(0, List.of(), List.of("lost+found")).format()).isEqualTo(withIgnored);
        assertThat(PruneReceivedReply.parse(withIgnored, LINE).ignored()).containsExactly("lost+found");
    }

    @Test
    void version() throws IOException {
        String line = "{\"status\":\"ok\",\"program\":\"btrfs-send-backup receiver\",\"protocol\":1,\"commands\":"
                + "[\"version\",\"put-stream\",\"list\",\"get-stream\",\"open-luks\",\"receive\",\"prune-received\","
                + "\"close-luks\",\"read-session\"],\"disabledCommands\":[],\"putStreamOptions\":[\"compression=none|zstd\"],"
                + "\"freeBytes\":123456}";
        assertThat(VersionReply.ofThisReceiver(OptionalLong.of(123456)).format()).isEqualTo(line);
        assertThat(VersionReply.parse(line, LINE)).isEqualTo(VersionReply.ofThisReceiver(OptionalLong.of(123456)));
    }

    @Test
    void openAndCloseLuks() throws IOException {
        String opened = "{\"status\":\"opened\",\"device\":\"/dev/vdb\",\"mapping\":\"/dev/mapper/btrfs-backup\","
                + "\"mount\":\"/srv/backup-received\"}";
        OpenLuksReply reply = new OpenLuksReply(OpenLuksReply.Status.OPENED, Optional.of("/dev/vdb"),
                Optional.of("/dev/mapper/btrfs-backup"), Optional.of("/srv/backup-received"));
        assertThat(reply.format()).isEqualTo(opened);
        assertThat(OpenLuksReply.parse(opened, LINE)).isEqualTo(reply);
        // an older receiver's short answer still reads: the producer decides on the status alone
        assertThat(OpenLuksReply.parse("{\"status\":\"already-open\"}", LINE).status())
                .isEqualTo(OpenLuksReply.Status.ALREADY_OPEN);
        assertThat(CloseLuksReply.of(true).format()).isEqualTo("{\"status\":\"closed\"}");
        assertThat(CloseLuksReply.of(false).format()).isEqualTo("{\"status\":\"already-closed\"}");
        assertThat(CloseLuksReply.parse("{\"status\":\"already-closed\"}", LINE)).isEqualTo(CloseLuksReply.of(false));
        assertThatThrownBy(() -> CloseLuksReply.parse("{\"status\":\"opened\"}", LINE))
                .hasMessage("close-luks: the receiver answered status 'opened': {\"status\":\"opened\"}");
    }

    /** The manifest line as the receiver's JsonLine.manifest wrote it: every field, in this order. */
    @Test
    void listManifestLine() {
        String line = "{\"formatVersion\":1,\"set\":\"prod-srv/rootfs\",\"snapshot\":\"" + B + "\",\"kind\":\"incr\","
                + "\"parent\":\"" + A + "\",\"file\":\"" + B + ".incr.btrfs.gpg\",\"bytes\":5,\"sha256\":\"" + SHA + "\","
                + "\"compression\":\"zstd\",\"encryption\":\"openpgp\",\"producerHost\":\"prod-srv\","
                + "\"btrfsUuid\":\"" + UUID_B + "\",\"created\":\"2026-02-02T02:05:00Z\","
                + "\"received\":\"2026-02-02T02:06:00Z\",\"restorable\":false,\"unrestorable\":\"parent " + A
                + " is missing\"}";
        Manifest m = new Manifest(1, BackupSetName.of("prod-srv/rootfs"), B, StreamKind.INCR, Optional.of(A),
                StreamFileName.of(B, StreamKind.INCR), OptionalLong.of(5), Optional.of(SHA), Compression.ZSTD,
                Manifest.ENCRYPTION_OPENPGP, Optional.of("prod-srv"), new BtrfsUuids(Optional.of(UUID_B.toString()),
                Optional.empty()), B.time(), Optional.of(Instant.parse("2026-02-02T02:06:00Z")), Map.of());
        ListReplyLine.Stream stream = ListReplyLine.Stream.of(m, Optional.of("parent " + A + " is missing"));
        assertThat(stream.format()).isEqualTo(line);
        assertThat(ListReply.parseLine(line, LINE)).isEqualTo(stream);
        // a restorable stream: the field says so and there is no reason
        assertThat(ListReplyLine.Stream.of(m, Optional.empty()).format())
                .endsWith("\"received\":\"2026-02-02T02:06:00Z\",\"restorable\":true}");
    }

    @Test
    void listOtherLines() {
        String received = "{\"type\":\"received-snapshot\",\"snapshot\":\"" + A + "\",\"received_uuid\":\"" + UUID_B
                + "\",\"read_only\":true}";
        assertThat(ListReplyLine.ReceivedSnapshot.of(A, UUID_B).format()).isEqualTo(received);
        assertThat(ListReply.parseLine(received, LINE)).isEqualTo(ListReplyLine.ReceivedSnapshot.of(A, UUID_B));
        // JsonLine wrote these two through Map.of, whose order changes from one JVM to the next;
        // the order is now fixed, and every order reads the same
        String noManifest = "{\"status\":\"no-manifest\",\"file\":\"" + A + ".full.btrfs.gpg\",\"error\":"
                + "\"stream file without a manifest: not restorable, never chained on\"}";
        assertThat(ListReplyLine.NoManifest.of(A + ".full.btrfs.gpg").format()).isEqualTo(noManifest);
        assertThat(ListReply.parseLine("{\"error\":\"x\",\"file\":\"" + A + ".full.btrfs.gpg\",\"status\":\"no-manifest\"}",
                LINE)).isInstanceOf(ListReplyLine.NoManifest.class).extracting(l -> ((ListReplyLine.NoManifest) l).file())
                .isEqualTo(A + ".full.btrfs.gpg");
        String invalid = "{\"status\":\"invalid-manifest\",\"manifestFile\":\"" + A + ".manifest\",\"error\":\"bad\"}";
        assertThat(ListReplyLine.InvalidManifest.of(A + ".manifest", "bad").format()).isEqualTo(invalid);
        assertThat(ListReply.parseLine(invalid, LINE)).isEqualTo(ListReplyLine.InvalidManifest.of(A + ".manifest", "bad"));
    }

    @Test
    void refusalsNameTheCommandAndQuoteTheLine() {
        assertThatThrownBy(() -> PutStreamReply.parse("", LINE)).isInstanceOf(IOException.class)
                .hasMessage("put-stream: the receiver printed no reply line");
        assertThatThrownBy(() -> PutStreamReply.parse("{\"status\":\"refused\"}", LINE))
                .hasMessage("put-stream: the receiver answered status 'refused': {\"status\":\"refused\"}");
        String badUuid = "{\"status\":\"received\",\"snapshot\":\"" + A + "\",\"parent\":null,\"bytes\":80,"
                + "\"sha256\":\"" + SHA + "\",\"received_uuid\":\"1-2-3-4-5\"}";
        assertThatThrownBy(() -> ReceiveReply.parse(badUuid, LINE)).isInstanceOf(IOException.class)
                .hasMessageContaining("receive: the receiver's reply is invalid").hasMessageContaining("1-2-3-4-5");
        String badSha = "{\"status\":\"stored\",\"set\":\"prod-srv/rootfs\",\"snapshot\":\"" + A + "\",\"file\":\"" + A
                + ".full.btrfs.gpg\",\"bytes\":1,\"sha256\":\"../../etc\"}";
        assertThatThrownBy(() -> PutStreamReply.parse(badSha, LINE)).hasMessageContaining("not 64 lowercase hex");
        String otherFile = badSha.replace("../../etc", SHA).replace(A + ".full", B + ".full");
        assertThatThrownBy(() -> PutStreamReply.parse(otherFile, LINE)).hasMessageContaining("is not of snapshot");
    }
}
