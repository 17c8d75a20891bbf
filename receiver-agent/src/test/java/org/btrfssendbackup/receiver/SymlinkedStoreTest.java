package org.btrfssendbackup.receiver;

import org.btrfssendbackup.core.protocol.ReceiverExit;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Symbolic links planted under BACKUP_ROOT (the store holds none): the receiver refuses to go
 * through them or skips them, and never reads or writes outside BACKUP_ROOT. No root needed.
 */
class SymlinkedStoreTest {

    static final String FULL = "p-20260130T000000Z";
    static final String FULL_FILE = FULL + ".full.btrfs.gpg";

    @TempDir
    Path tmp;
    Path root;
    Path outside;
    ReceiverHarness receiver;

    @BeforeEach
    void store() throws Exception {
        root = Files.createDirectories(tmp.resolve("root"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        receiver = new ReceiverHarness(root);
    }

    /** outside/ holds a genuine-looking set "inner" with a stream and manifest, written by the receiver itself. */
    private byte[] outsideSet() throws Exception {
        byte[] stream = TestStreams.encryptedLike(3_000, 1);
        ReceiverHarness elsewhere = new ReceiverHarness(outside);
        assertThat(elsewhere.run("put-stream inner " + FULL + " full", stream).status()).isZero();
        return stream;
    }

    private long outsideFileCount() throws Exception {
        try (Stream<Path> all = Files.walk(outside)) {
            return all.count();
        }
    }

    @Test
    void aSymlinkedMiddleDirectoryIsRefusedByListGetStreamAndPutStream() throws Exception {
        byte[] secret = outsideSet();
        Files.createSymbolicLink(root.resolve("web1"), outside);
        long before = outsideFileCount();

        ReceiverHarness.Outcome list = receiver.run("list web1/inner", new byte[0]);
        assertThat(list.status()).isEqualTo(ReceiverExit.FAILED);
        assertThat(list.out()).isEmpty();
        assertThat(list.stderr()).contains("list web1/inner: " + root.resolve("web1") + " is a symbolic link");

        ReceiverHarness.Outcome get = receiver.run("get-stream web1/inner " + FULL_FILE, new byte[0]);
        assertThat(get.status()).isEqualTo(ReceiverExit.FAILED);
        assertThat(get.stdout()).isEmpty();
        assertThat(get.stderr()).contains("is a symbolic link");

        ReceiverHarness.Outcome put = receiver.run("put-stream web1/inner p-20260131T000000Z incr " + FULL,
                TestStreams.encryptedLike(1_000, 2));
        assertThat(put.status()).isEqualTo(ReceiverExit.FAILED);
        assertThat(put.stderr()).contains("put-stream web1/inner: ").contains("is a symbolic link");
        assertThat(outsideFileCount()).isEqualTo(before);
        assertThat(Files.readAllBytes(outside.resolve("inner").resolve(FULL_FILE))).isEqualTo(secret);
    }

    @Test
    void aSymlinkedSetDirectoryIsRefused() throws Exception {
        outsideSet();
        Files.createSymbolicLink(root.resolve("web1"), outside.resolve("inner"));
        long before = outsideFileCount();
        assertThat(receiver.run("list web1", new byte[0]).stderr()).contains("is a symbolic link");
        assertThat(receiver.run("get-stream web1 " + FULL_FILE, new byte[0]).stdout()).isEmpty();
        assertThat(receiver.run("put-stream web1 p-20260131T000000Z full", TestStreams.encryptedLike(1_000, 2))
                .status()).isEqualTo(ReceiverExit.FAILED);
        assertThat(outsideFileCount()).isEqualTo(before);
    }

    @Test
    void aSymlinkedStreamFileIsNotServedNorListedAsStored() throws Exception {
        byte[] secret = outsideSet();
        Path set = Files.createDirectories(root.resolve("web1"));
        Files.createSymbolicLink(set.resolve(FULL_FILE), outside.resolve("inner").resolve(FULL_FILE));
        ReceiverHarness.Outcome get = receiver.run("get-stream web1 " + FULL_FILE, new byte[0]);
        assertThat(get.status()).isNotZero();
        assertThat(get.stdout()).isEmpty();
        assertThat(receiver.run("list web1", new byte[0]).out()).doesNotContain(FULL);
        assertThat(secret).isNotEmpty();
    }

    @Test
    void aSymlinkedManifestIsNotRead() throws Exception {
        outsideSet();
        Path set = Files.createDirectories(root.resolve("web1"));
        Files.createSymbolicLink(set.resolve(FULL + ".manifest"), outside.resolve("inner").resolve(FULL + ".manifest"));
        ReceiverHarness.Outcome list = receiver.run("list web1", new byte[0]);
        assertThat(list.status()).isZero();
        assertThat(list.out()).doesNotContain(FULL);
    }

    @Test
    void aSymlinkedIntegrityDirectoryIsRefusedNotTrusted() throws Exception {
        byte[] full = TestStreams.encryptedLike(3_000, 1);
        assertThat(receiver.run("put-stream web1 " + FULL + " full", full).status()).isZero();
        Files.createDirectories(outside.resolve("web1"));
        Files.writeString(outside.resolve("web1").resolve(FULL + ".check"), "planted\n");
        Files.createSymbolicLink(root.resolve(".integrity"), outside);
        long before = outsideFileCount();
        ReceiverHarness.Outcome list = receiver.run("list web1", new byte[0]);
        assertThat(list.status()).isEqualTo(ReceiverExit.FAILED);
        assertThat(list.stderr()).contains(root.resolve(".integrity") + " is a symbolic link");
        assertThat(outsideFileCount()).isEqualTo(before);
    }

    @Test
    void aSymlinkedLockFilePointingOutsideIsRefusedAndNothingIsCreatedThere() throws Exception {
        Path set = Files.createDirectories(root.resolve("web1"));
        Path target = outside.resolve("created-by-root");
        Files.createSymbolicLink(set.resolve(".put-stream.lock"), target);
        ReceiverHarness.Outcome put = receiver.run("put-stream web1 " + FULL + " full", TestStreams.encryptedLike(1_000, 1));
        assertThat(put.status()).isEqualTo(ReceiverExit.FAILED);
        assertThat(put.stderr()).contains(".put-stream.lock is a symbolic link");
        assertThat(target).doesNotExist();
        try (Stream<Path> files = Files.list(set)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(".put-stream.lock");
        }
        assertThat(new String(put.stdout(), StandardCharsets.UTF_8)).isEmpty();
    }
}
