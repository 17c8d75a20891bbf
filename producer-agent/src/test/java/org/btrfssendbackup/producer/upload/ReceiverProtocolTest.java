package org.btrfssendbackup.producer.upload;

import org.btrfssendbackup.core.protocol.ListReplyLine;
import org.btrfssendbackup.core.protocol.ReceiverCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.Compression;
import org.btrfssendbackup.core.protocol.PutStreamReply;
import org.btrfssendbackup.core.stream.EncodedStream;
import org.btrfssendbackup.core.tools.SshArgs;
import org.junit.jupiter.api.Test;

/** The producer's half of design.md section 4: commands it sends and replies it accepts. */
class ReceiverProtocolTest {

    static final SnapshotName A = SnapshotName.parse("prod-srv-rootfs-20260301T020500Z");
    static final SnapshotName B = SnapshotName.parse("prod-srv-rootfs-20260302T020500Z");
    static final BackupSetName SET = BackupSetName.of("prod-srv/rootfs");
    static final String SHA = "ab".repeat(32);

    @Test
    void putStreamCommandsAreOneLineOfValidatedWords() {
        assertThat(new ReceiverCommand.PutStream(SET, A, StreamKind.FULL, Optional.empty(), Compression.ZSTD).format())
                .isEqualTo("put-stream prod-srv/rootfs prod-srv-rootfs-20260301T020500Z full compression=zstd");
        ReceiverCommand.PutStream incr = new ReceiverCommand.PutStream(SET, B, StreamKind.INCR, Optional.of(A), Compression.NONE);
        assertThat(incr.format()).isEqualTo("put-stream prod-srv/rootfs prod-srv-rootfs-20260302T020500Z incr "
                + "prod-srv-rootfs-20260301T020500Z compression=none");
        assertThat(SshArgs.to("btrfs-ingest@backup-srv").withPort(2222).withIdentityFile(Path.of("/root/.ssh/backup"))
                .remoteCommand(incr.format()).argv())
                .containsExactly("ssh", "-o", "BatchMode=yes", "-p", "2222", "-i", "/root/.ssh/backup", "-o",
                        "IdentitiesOnly=yes", "btrfs-ingest@backup-srv", incr.format());
    }

    @Test
    void anIncrementalWithoutParentIsRefused() {
        assertThatThrownBy(() -> new ReceiverCommand.PutStream(SET, B, StreamKind.INCR, Optional.empty(), Compression.ZSTD))
                .hasMessageContaining("parent");
    }

    @Test
    void theReplyIsCheckedAgainstWhatWasSent() throws Exception {
        ReceiverCommand.PutStream request = new ReceiverCommand.PutStream(SET, A, StreamKind.FULL, Optional.empty(), Compression.ZSTD);
        EncodedStream sent = new EncodedStream(100, 80, SHA, Compression.ZSTD);
        PutStreamReply ok = PutStreamReply.parse("{\"status\":\"stored\",\"set\":\"prod-srv/rootfs\","
                + "\"snapshot\":\"" + A + "\",\"file\":\"" + A + ".full.btrfs.gpg\",\"bytes\":80,\"sha256\":\"" + SHA
                + "\"}\n", ReceiverJson.MAPPER);
        ReplyCheck.verify(request, new UploadOutcome(sent, ok));

        PutStreamReply shorter = stored(A, 79, SHA);
        assertThatThrownBy(() -> ReplyCheck.verify(request, new UploadOutcome(sent, shorter)))
                .isInstanceOf(UploadMismatchException.class).hasMessageContaining("80").hasMessageContaining("79");
        PutStreamReply otherSha = stored(A, 80, "cd".repeat(32));
        assertThatThrownBy(() -> ReplyCheck.verify(request, new UploadOutcome(sent, otherSha)))
                .hasMessageContaining("sha256 sent " + SHA);
        PutStreamReply otherSnapshot = stored(B, 80, SHA);
        assertThatThrownBy(() -> ReplyCheck.verify(request, new UploadOutcome(sent, otherSnapshot)))
                .hasMessageContaining("confirmed snapshot " + B);
    }

    private static PutStreamReply stored(SnapshotName snapshot, long bytes, String sha) {
        return new PutStreamReply(PutStreamReply.Status.STORED, SET, snapshot, StreamFileName.of(snapshot, StreamKind.FULL),
                bytes, sha);
    }

    @Test
    void listingsSkipInvalidManifestsAndKeepKindAndParent() throws Exception {
        var stored = ReceiverJson.listing(
                "{\"formatVersion\":1,\"set\":\"prod-srv/rootfs\",\"snapshot\":\"" + A + "\",\"kind\":\"full\","
                + "\"file\":\"f\",\"bytes\":5,\"sha256\":\"" + SHA + "\",\"compression\":\"zstd\"}\n"
                + "{\"status\":\"invalid-manifest\",\"manifestFile\":\"x.manifest\",\"error\":\"bad\"}\n"
                + "{\"snapshot\":\"" + B + "\",\"kind\":\"incr\",\"parent\":\"" + A + "\"}\n");
        assertThat(stored).extracting(ListReplyLine.Stream::snapshot).containsExactly(A, B);
        assertThat(stored.get(1).parent()).contains(A);
        assertThat(stored.get(0).sha256()).contains(SHA);
    }

    @Test
    void aListingWithAnUnreadableManifestLineFailsInsteadOfDecidingOnPartOfIt() {
        assertThatThrownBy(() -> ReceiverJson.listing("{\"snapshot\":\"" + A + "\",\"kind\":\"sideways\"}\n"))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("unexpected manifest line")
                .hasMessageContaining("sideways");
        assertThatThrownBy(() -> ReceiverJson.listing("not json\n")).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void theCommandsGoOverTheWireByteForByteAsBefore() {
        var full = new ReceiverCommand.PutStream(org.btrfssendbackup.core.layout.BackupSetName.of("prod-srv/rootfs"), A,
                org.btrfssendbackup.core.layout.StreamKind.FULL, java.util.Optional.empty(),
                org.btrfssendbackup.core.manifest.Compression.NONE);
        assertThat(full.format()).isEqualTo("put-stream prod-srv/rootfs " + A + " full compression=none");
        var incr = new ReceiverCommand.PutStream(org.btrfssendbackup.core.layout.BackupSetName.of("prod-srv/rootfs"), B,
                org.btrfssendbackup.core.layout.StreamKind.INCR, java.util.Optional.of(A),
                org.btrfssendbackup.core.manifest.Compression.ZSTD);
        assertThat(incr.format()).isEqualTo("put-stream prod-srv/rootfs " + B + " incr " + A + " compression=zstd");
    }
}
