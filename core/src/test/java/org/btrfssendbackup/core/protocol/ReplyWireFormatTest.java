package org.btrfssendbackup.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;

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
                + "\"close-luks\"],\"disabledCommands\":[],\"putStreamOptions\":[\"compression=none|zstd\"],"
                + "\"freeBytes\":123456}";
        assertThat(VersionReply.ofThisReceiver(OptionalLong.of(123456)).format()).isEqualTo(line);
        assertThat(VersionReply.parse(line, LINE)).isEqualTo(VersionReply.ofThisReceiver(OptionalLong.of(123456)));
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
