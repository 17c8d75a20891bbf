package org.btrfssendbackup.receiver;

import org.btrfssendbackup.core.protocol.ReceiverExit;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.btrfssendbackup.core.protocol.ReceiverProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadCommandsTest {

    static final String SET = PutStreamTest.SET;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    @Test
    void listShowsManifestsInSnapshotOrderAndGetStreamReturnsTheBytes() throws Exception {
        ReceiverHarness receiver = new ReceiverHarness(root);
        byte[] full = TestStreams.encryptedLike(40_000, 1);
        byte[] incr = TestStreams.encryptedLike(4_000, 2);
        assertThat(receiver.run("put-stream " + SET + " p-20260130T000000Z full", full).status()).isZero();
        assertThat(receiver.run("put-stream " + SET + " p-20260131T000000Z incr p-20260130T000000Z compression=none", incr)
                .status()).isZero();

        String[] lines = receiver.run("list " + SET, new byte[0]).out().split("\n");
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines[0]);
        JsonNode second = JSON.readTree(lines[1]);
        assertThat(first.get("snapshot").asText()).isEqualTo("p-20260130T000000Z");
        assertThat(first.get("kind").asText()).isEqualTo("full");
        assertThat(first.has("parent")).isFalse();
        assertThat(second.get("parent").asText()).isEqualTo("p-20260130T000000Z");
        assertThat(second.get("file").asText()).isEqualTo("p-20260131T000000Z.incr.btrfs.gpg");
        assertThat(second.get("bytes").asLong()).isEqualTo(incr.length);
        assertThat(second.get("compression").asText()).isEqualTo("none");

        ReceiverHarness.Outcome get = receiver.run("get-stream " + SET + " p-20260130T000000Z.full.btrfs.gpg", new byte[0]);
        assertThat(get.status()).isZero();
        assertThat(get.stdout()).isEqualTo(full);
    }

    @Test
    void listOfAnUnknownSetIsEmptyAndABadManifestIsReportedNotFatal() throws Exception {
        ReceiverHarness receiver = new ReceiverHarness(root);
        assertThat(receiver.run("list other/set", new byte[0]).out()).isEmpty();
        Files.createDirectories(root.resolve(SET));
        Files.writeString(root.resolve(SET).resolve("p-20260130T000000Z.manifest"), "snapshot=p-20260130T000000Z\n");
        Files.writeString(root.resolve(SET).resolve("p-20260131T000000Z.manifest"), "garbage\n");
        String[] lines = receiver.run("list " + SET, new byte[0]).out().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines[0]).get("compression").asText()).isEqualTo("unknown");
        assertThat(JSON.readTree(lines[1]).get("status").asText()).isEqualTo("invalid-manifest");
    }

    @Test
    void getStreamOfAMissingFileFailsAndOfASymlinkToo() throws Exception {
        ReceiverHarness receiver = new ReceiverHarness(root);
        ReceiverHarness.Outcome missing = receiver.run("get-stream " + SET + " p-20260130T000000Z.full.btrfs.gpg", new byte[0]);
        assertThat(missing.status()).isEqualTo(ReceiverExit.FAILED);
        assertThat(missing.stderr()).contains("no such stored stream");
        Files.createDirectories(root.resolve(SET));
        Files.createSymbolicLink(root.resolve(SET).resolve("p-20260130T000000Z.full.btrfs.gpg"), Path.of("/etc/hostname"));
        ReceiverHarness.Outcome link = receiver.run("get-stream " + SET + " p-20260130T000000Z.full.btrfs.gpg", new byte[0]);
        assertThat(link.status()).isEqualTo(ReceiverExit.FAILED);
        assertThat(link.stdout()).isEmpty();
    }

    @Test
    void versionReportsTheProtocol() throws Exception {
        ReceiverHarness.Outcome version = new ReceiverHarness(root).run("version", new byte[0]);
        assertThat(version.status()).isZero();
        JsonNode reply = JSON.readTree(version.out());
        assertThat(reply.get("protocol").asInt()).isEqualTo(ReceiverProtocol.VERSION);
        assertThat(reply.get("commands").toString()).contains("put-stream");
        // other processes write to the same filesystem meanwhile: the figure, not the exact byte
        assertThat(reply.get("freeBytes").asLong()).as("free space on BACKUP_ROOT's filesystem").isPositive()
                .isLessThanOrEqualTo(Files.getFileStore(root).getTotalSpace());
    }

    @ParameterizedTest
    @ValueSource(strings = {"open-luks", "close-luks", "prune-received " + SET, "receive " + SET + " p-20260130T000000Z"})
    void remoteBtrfsCommandsAreRefusedWithoutLuksDevice(String command) {
        ReceiverHarness receiver = new ReceiverHarness(root);
        ReceiverHarness.Outcome outcome = receiver.run(command, "key\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(outcome.status()).isEqualTo(ReceiverExit.REFUSED);
        assertThat(outcome.stderr()).contains(": remote-btrfs is not set up on this backup server (LUKS_DEVICE is not set")
                .hasLineCount(1);
        assertThat(receiver.events.refused).hasSize(1);
    }

    @Test
    void refusalsPublishTheCommandWordAndPrintOneLine() {
        ReceiverHarness receiver = new ReceiverHarness(root);
        ReceiverHarness.Outcome outcome = receiver.run("sh -c 'id'\u001b[2J", new byte[0]);
        assertThat(outcome.status()).isEqualTo(ReceiverExit.REFUSED);
        assertThat(outcome.stderr()).startsWith("btrfs-backup-receive: refused: ").hasLineCount(1);
        assertThat(receiver.events.refused).singleElement().asString().startsWith("sh -> ").doesNotContain("\u001b");
    }
}
