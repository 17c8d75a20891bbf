package org.btrfssendbackup.producer.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.UUID;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.protocol.PruneReceivedReply;
import org.btrfssendbackup.core.protocol.ReceiveReply;
import org.btrfssendbackup.producer.upload.ReceiverJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The producer's reading of the receiver's remote-btrfs replies (REMOTE-BTRFS-PROTOCOL.md), and its checks. */
class RemoteBtrfsReplyTest {

    static final SnapshotName A = SnapshotName.parse("prod-srv-rootfs-20260301T020500Z");
    static final SnapshotName B = SnapshotName.parse("prod-srv-rootfs-20260302T020500Z");
    static final BackupSetName SET = BackupSetName.of("prod-srv/rootfs");
    static final String SHA = "ab".repeat(32);
    static final UUID UUID_A = UUID.fromString("0d1f6c0e-8f3b-4d7a-9a43-3f0c2b1e5a10");

    static String receivedLine(SnapshotName name, String uuid, boolean readOnly) {
        return "{\"type\":\"received-snapshot\",\"snapshot\":\"" + name + "\",\"received_uuid\":"
                + (uuid == null ? "null" : "\"" + uuid + "\"") + ",\"read_only\":" + readOnly + "}";
    }

    @Test
    void listKeepsOnlyReceivedSnapshotLinesAndManifestReadersSkipThem() throws Exception {
        String manifest = "{\"formatVersion\":1,\"set\":\"prod-srv/rootfs\",\"snapshot\":\"" + A
                + "\",\"kind\":\"full\",\"bytes\":5,\"sha256\":\"" + SHA + "\"}";
        String output = manifest + "\n" + receivedLine(A, UUID_A.toString(), true) + "\n"
                + receivedLine(B, null, false) + "\n";

        var received = RemoteBtrfsJson.receivedSnapshots(output);

        assertThat(received).containsExactly(new ReceivedSnapshot(A, Optional.of(UUID_A), true),
                new ReceivedSnapshot(B, Optional.empty(), false));
        assertThat(received.get(0).complete()).isTrue();
        assertThat(received.get(0).isReceivedFrom(UUID_A)).isTrue();
        assertThat(received.get(0).isReceivedFrom(UUID.randomUUID())).isFalse();
        assertThat(received.get(1).complete()).isFalse();
        assertThat(ReceiverJson.listing(output)).extracting(s -> s.snapshot()).containsExactly(A);
    }

    @Test
    void theReceiveReplyIsParsedAndCheckedAgainstWhatWasSent() throws Exception {
        ReceiveRequest request = new ReceiveRequest(SET, B, Optional.of(A));
        ReceiveReply reply = ReceiveReply.parse("btrfs receive: some chatter\n{\"status\":\"received\","
                + "\"snapshot\":\"" + B + "\",\"parent\":\"" + A + "\",\"bytes\":80,\"sha256\":\"" + SHA
                + "\",\"received_uuid\":\"" + UUID_A + "\"}\n", RemoteBtrfsJson.MAPPER);
        SentStream sent = new SentStream(80, SHA);
        ReceiveCheck.verify(request, new ReceiveOutcome(sent, reply), UUID_A);
        assertThat(reply.parent()).contains(A);

        assertThatThrownBy(() -> ReceiveCheck.verify(request, new ReceiveOutcome(new SentStream(81, SHA), reply), UUID_A))
                .isInstanceOf(ReceiveMismatchException.class).hasMessageContaining("sent 81 bytes")
                .hasMessageContaining("read 80");
        assertThatThrownBy(() -> ReceiveCheck.verify(request, new ReceiveOutcome(new SentStream(80, "cd".repeat(32)),
                reply), UUID_A)).hasMessageContaining("sha256 sent " + "cd".repeat(32));
        UUID other = UUID.randomUUID();
        assertThatThrownBy(() -> ReceiveCheck.verify(request, new ReceiveOutcome(sent, reply), other))
                .hasMessageContaining("received_uuid " + UUID_A).hasMessageContaining(other.toString());
        ReceiveReply otherName = new ReceiveReply(ReceiveReply.Status.RECEIVED, A, Optional.empty(), 80, SHA, UUID_A);
        assertThatThrownBy(() -> ReceiveCheck.verify(request, new ReceiveOutcome(sent, otherName), UUID_A))
                .hasMessageContaining("confirmed snapshot " + A);
    }

    @Test
    void alreadyReceivedIsCheckedByItsReceivedUuidOnly() throws Exception {
        ReceiveRequest request = new ReceiveRequest(SET, A, Optional.empty());
        ReceiveReply already = ReceiveReply.parse("{\"status\":\"already-received\",\"snapshot\":\"" + A
                + "\",\"parent\":null,\"bytes\":0,\"sha256\":\"" + "00".repeat(32) + "\",\"received_uuid\":\""
                + UUID_A + "\"}", RemoteBtrfsJson.MAPPER);
        assertThat(already.alreadyReceived()).isTrue();
        ReceiveCheck.verify(request, new ReceiveOutcome(new SentStream(999, SHA), already), UUID_A);
        assertThatThrownBy(() -> ReceiveCheck.verify(request, new ReceiveOutcome(new SentStream(999, SHA), already),
                UUID.randomUUID())).isInstanceOf(ReceiveMismatchException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "{\"status\":\"refused\"}",
        "{\"status\":\"received\",\"snapshot\":\"x\",\"sha256\":\"s\",\"received_uuid\":\"u\"}",
        "{\"status\":\"received\",\"snapshot\":\"x\",\"bytes\":1,\"sha256\":\"s\",\"received_uuid\":\"not-a-uuid\"}"})
    void malformedReceiveRepliesAreErrors(String output) {
        assertThatThrownBy(() -> ReceiveReply.parse(output, RemoteBtrfsJson.MAPPER)).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void luksAndPruneReplies() throws Exception {
        assertThat(RemoteBtrfsJson.openLuksReply("{\"status\":\"opened\",\"device\":\"/dev/vdb\",\"mapping\":\"b\","
                + "\"mount\":\"/mnt/b\"}")).isEqualTo("opened");
        assertThat(RemoteBtrfsJson.openLuksReply("{\"status\":\"already-open\"}")).isEqualTo("already-open");
        assertThat(RemoteBtrfsJson.closeLuksReply("{\"status\":\"already-closed\"}")).isEqualTo("already-closed");
        assertThatThrownBy(() -> RemoteBtrfsJson.closeLuksReply("{\"status\":\"opened\"}"))
                .hasMessageContaining("close-luks").hasMessageContaining("opened");
        PruneReceivedReply prune = PruneReceivedReply.parse("{\"status\":\"pruned\",\"kept\":3,"
                + "\"deleted\":[\"" + A + "\"]}", RemoteBtrfsJson.MAPPER);
        assertThat(prune.kept()).isEqualTo(3);
        assertThat(prune.deleted()).containsExactly(A.value());
    }

    @Test
    void aParentMustBeOlderThanTheSnapshot() {
        assertThatThrownBy(() -> new ReceiveRequest(SET, A, Optional.of(B))).hasMessageContaining("not older");
        assertThatThrownBy(() -> new ReceiveRequest(SET, A, Optional.of(A))).hasMessageContaining("not older");
    }
}
