package org.btrfssendbackup.receiver;

import org.btrfssendbackup.core.protocol.ReceiverExit;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.manifest.Compression;
import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.core.manifest.ManifestReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

public class PutStreamTest {

    static final String SET = "prod-srv/rootfs";
    static final String S1 = "prod-srv-rootfs-20260131T020500Z";
    static final String S2 = "prod-srv-rootfs-20260201T020500Z";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;
    ReceiverHarness receiver;
    Path setDir;

    @BeforeEach
    void setUp() {
        receiver = new ReceiverHarness(root);
        setDir = root.resolve(SET);
    }

    public static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    List<String> filesInSet() throws IOException {
        try (Stream<Path> files = Files.list(setDir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void storesStreamAndManifestAtomicallyWithMode0400() throws Exception {
        byte[] stream = TestStreams.encryptedLike(3_000_000, 1);
        ReceiverHarness.Outcome outcome = receiver.run("put-stream " + SET + " " + S1 + " full compression=zstd", stream);

        assertThat(outcome.status()).as(outcome.stderr()).isZero();
        assertThat(outcome.stderr()).isEmpty();
        assertThat(outcome.out()).endsWith("\n").doesNotContain("\n\n");
        JsonNode reply = JSON.readTree(outcome.out());
        assertThat(reply.get("status").asText()).isEqualTo("stored");
        assertThat(reply.get("file").asText()).isEqualTo(S1 + ".full.btrfs.gpg");
        assertThat(reply.get("bytes").asLong()).isEqualTo(stream.length);
        assertThat(reply.get("sha256").asText()).isEqualTo(sha256(stream));

        Path file = setDir.resolve(S1 + ".full.btrfs.gpg");
        assertThat(Files.readAllBytes(file)).isEqualTo(stream);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("r--------");
        Path manifestFile = setDir.resolve(S1 + ".manifest");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(manifestFile))).isEqualTo("r--------");
        Manifest manifest = ManifestReader.read(manifestFile, BackupSetName.of(SET));
        assertThat(manifest.formatVersion()).isEqualTo(Manifest.FORMAT_VERSION);
        assertThat(manifest.bytes()).hasValue(stream.length);
        assertThat(manifest.sha256()).contains(sha256(stream));
        assertThat(manifest.compression()).isEqualTo(Compression.ZSTD);
        assertThat(manifest.encryption()).isEqualTo("openpgp");
        assertThat(manifest.received()).contains(ReceiverHarness.NOW);
        assertThat(filesInSet()).containsExactly(".put-stream.lock", S1 + ".full.btrfs.gpg", S1 + ".manifest");
        assertThat(receiver.events.received).containsExactly(S1 + ".full.btrfs.gpg stored");
    }

    /** "Parent not stored" is an expected answer that leads to a full: a failure, not a security event. */
    @Test
    void incrementalNeedsItsParentStored() throws Exception {
        byte[] incr = TestStreams.encryptedLike(1000, 2);
        ReceiverHarness.Outcome missing = receiver.run("put-stream " + SET + " " + S2 + " incr " + S1, incr);
        assertThat(missing.status()).isEqualTo(ReceiverExit.FAILED);
        assertThat(missing.stderr()).contains("parent " + S1 + " is not stored", "send a full").hasLineCount(1);
        assertThat(receiver.events.refused).isEmpty();

        assertThat(receiver.run("put-stream " + SET + " " + S1 + " full", TestStreams.encryptedLike(10, 1)).status()).isZero();
        assertThat(receiver.run("put-stream " + SET + " " + S2 + " incr " + S1, incr).status()).isZero();
        Manifest manifest = ManifestReader.read(setDir.resolve(S2 + ".manifest"), BackupSetName.of(SET));
        assertThat(manifest.parent().map(Object::toString)).contains(S1);
        assertThat(manifest.compression()).isEqualTo(Compression.UNKNOWN);
    }

    @Test
    void identicalResendIsAlreadyStoredAndDifferentOneIsRefused() throws Exception {
        byte[] stream = TestStreams.encryptedLike(50_000, 3);
        String command = "put-stream " + SET + " " + S1 + " full";
        assertThat(receiver.run(command, stream).status()).isZero();

        ReceiverHarness.Outcome again = receiver.run(command, stream);
        assertThat(again.status()).isZero();
        assertThat(JSON.readTree(again.out()).get("status").asText()).isEqualTo("already-stored");
        assertThat(JSON.readTree(again.out()).get("sha256").asText()).isEqualTo(sha256(stream));

        ReceiverHarness.Outcome different = receiver.run(command, TestStreams.encryptedLike(50_000, 4));
        assertThat(different.status()).isEqualTo(ReceiverExit.REFUSED);
        assertThat(different.stderr()).contains("different stream is already stored").hasLineCount(1);
        ReceiverHarness.Outcome otherKind = receiver.run("put-stream " + SET + " " + S1 + " incr prod-srv-rootfs-20260101T000000Z", stream);
        assertThat(otherKind.status()).isEqualTo(ReceiverExit.REFUSED);
        assertThat(Files.readAllBytes(setDir.resolve(S1 + ".full.btrfs.gpg"))).isEqualTo(stream);
        assertThat(receiver.events.refused).hasSize(2);
    }

    @Test
    void resendCompletesAManifestLostInACrash() throws Exception {
        byte[] stream = TestStreams.encryptedLike(5000, 3);
        String command = "put-stream " + SET + " " + S1 + " full";
        assertThat(receiver.run(command, stream).status()).isZero();
        Files.delete(setDir.resolve(S1 + ".manifest"));

        ReceiverHarness.Outcome again = receiver.run(command, stream);
        assertThat(again.status()).as(again.stderr()).isZero();
        assertThat(ManifestReader.read(setDir.resolve(S1 + ".manifest"), BackupSetName.of(SET)).sha256())
                .contains(sha256(stream));
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod-srv-rootfs-20260201T021601Z", "prod-srv-rootfs-20270101T000000Z"})
    void refusesSnapshotsTooFarInTheFuture(String snapshot) {
        ReceiverHarness.Outcome outcome = receiver.run("put-stream " + SET + " " + snapshot + " full",
                TestStreams.encryptedLike(10, 1));
        assertThat(outcome.status()).isEqualTo(ReceiverExit.REFUSED);
        assertThat(outcome.stderr()).contains("more than 10m (MAX_FUTURE_SKEW) ahead of backup-srv's clock");
        assertThat(Files.exists(setDir.resolve(snapshot + ".full.btrfs.gpg"))).isFalse();
    }

    @Test
    void acceptsExactlyTheMaximumSkew() {
        assertThat(receiver.run("put-stream " + SET + " prod-srv-rootfs-20260201T021600Z full",
                TestStreams.encryptedLike(10, 1)).status()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod-srv-rootfs-20260131T020500Z", "prod-srv-rootfs-20260130T000000Z", "other-20260201T020500Z"})
    void refusesSnapshotsNotNewerThanTheNewestStored(String snapshot) {
        assertThat(receiver.run("put-stream " + SET + " " + S2 + " full", TestStreams.encryptedLike(10, 1)).status()).isZero();
        ReceiverHarness.Outcome outcome = receiver.run("put-stream " + SET + " " + snapshot + " full",
                TestStreams.encryptedLike(10, 2));
        assertThat(outcome.status()).isEqualTo(ReceiverExit.REFUSED);
        assertThat(outcome.stderr()).contains("not newer than the newest stored snapshot " + S2);
    }

    @Test
    void cutOffUploadLeavesNoFileAtAll() throws Exception {
        byte[] stream = TestStreams.encryptedLike(2_000_000, 5);
        byte[] cut = java.util.Arrays.copyOf(stream, 1_500_000);
        ReceiverHarness.Outcome outcome = receiver.run("put-stream " + SET + " " + S1 + " full", cut);
        assertThat(outcome.status()).isEqualTo(ReceiverExit.FAILED);
        assertThat(outcome.stderr()).contains("cut off").contains("nothing stored").hasLineCount(1);
        assertThat(setDir).as("a failed first upload takes back the set it created").doesNotExist();
        // the retry with the complete stream then succeeds
        assertThat(receiver.run("put-stream " + SET + " " + S1 + " full", stream).status()).isZero();
    }

    @Test
    void readErrorMidStreamLeavesNoFileAtAll() throws Exception {
        InputStream failing = new java.io.SequenceInputStream(
                new ByteArrayInputStream(TestStreams.encryptedLike(500_000, 6), 0, 300_000),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("Connection reset by peer");
                    }
                });
        ReceiverHarness.Outcome outcome = receiver.run("put-stream " + SET + " " + S1 + " full", failing);
        assertThat(outcome.status()).isEqualTo(ReceiverExit.FAILED);
        assertThat(outcome.stderr()).contains("reading the upload failed").contains("Connection reset");
        assertThat(setDir).as("a failed first upload takes back the set it created").doesNotExist();
    }

    @Test
    void refusesPlaintextUploads() throws Exception {
        ReceiverHarness.Outcome outcome = receiver.run("put-stream " + SET + " " + S1 + " full",
                "btrfs-stream plaintext that must not be stored".getBytes());
        assertThat(outcome.status()).isEqualTo(ReceiverExit.REFUSED);
        assertThat(outcome.stderr()).contains("not an OpenPGP message").doesNotContain("plaintext that");
        assertThat(setDir).as("a failed first upload takes back the set it created").doesNotExist();
    }

    /**
     * An incremental is never stacked on a damaged base: a parent whose last check failed, or one
     * without its manifest, is refused (exit 1, no security event) and {@code list} says why.
     */
    @Test
    void anIncrementalOnADamagedOrManifestlessParentIsRefusedAndListSaysWhy() throws Exception {
        String s3 = "prod-srv-rootfs-20260201T020530Z";
        assertThat(receiver.run("put-stream " + SET + " " + S1 + " full", TestStreams.encryptedLike(5000, 1)).status()).isZero();
        assertThat(receiver.run("put-stream " + SET + " " + S2 + " incr " + S1, TestStreams.encryptedLike(500, 2)).status())
                .isZero();
        org.btrfssendbackup.core.layout.StoreLayout layout = new org.btrfssendbackup.core.layout.StoreLayout(root);
        new org.btrfssendbackup.core.integrity.CheckRecords(layout).write(BackupSetName.of(SET),
                org.btrfssendbackup.core.layout.SnapshotName.parse(S1),
                new org.btrfssendbackup.core.integrity.CheckRecord(S1 + ".full.btrfs.gpg", ReceiverHarness.NOW,
                        org.btrfssendbackup.core.integrity.CheckVerdict.CORRUPT,
                        java.util.Optional.of("sha256 of the stored file differs from the manifest"), 5000,
                        java.util.Optional.empty()));

        ReceiverHarness.Outcome onDamaged = receiver.run("put-stream " + SET + " " + s3 + " incr " + S2,
                TestStreams.encryptedLike(500, 3));

        assertThat(onDamaged.status()).isEqualTo(ReceiverExit.FAILED);
        assertThat(onDamaged.stderr()).contains("parent " + S2 + " is not restorable", "link " + S1 + " is damaged",
                "send a full");
        assertThat(receiver.events.refused).isEmpty();
        assertThat(filesInSet()).noneMatch(f -> f.startsWith(s3));
        List<JsonNode> listing = receiver.run("list " + SET, new byte[0]).out().lines().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(listing).extracting(n -> n.path("snapshot").asText() + " " + n.path("restorable").asBoolean())
                .containsExactly(S1 + " false", S2 + " false");
        assertThat(listing.get(1).path("unrestorable").asText()).contains(S1);

        Files.delete(root.resolve(".integrity").resolve(SET).resolve(S1 + ".check"));
        Files.setPosixFilePermissions(setDir, PosixFilePermissions.fromString("rwx------"));
        Files.delete(setDir.resolve(S2 + ".manifest"));
        ReceiverHarness.Outcome onManifestless = receiver.run("put-stream " + SET + " " + s3 + " incr " + S2,
                TestStreams.encryptedLike(500, 3));
        assertThat(onManifestless.status()).isEqualTo(ReceiverExit.FAILED);
        assertThat(onManifestless.stderr()).contains("no usable manifest");
        assertThat(receiver.run("list " + SET, new byte[0]).out()).contains("\"status\":\"no-manifest\"",
                S2 + ".incr.btrfs.gpg").contains("\"restorable\":true");
    }
}
