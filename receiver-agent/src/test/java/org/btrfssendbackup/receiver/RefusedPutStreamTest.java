package org.btrfssendbackup.receiver;

import org.btrfssendbackup.core.protocol.ReceiverExit;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A put-stream that is refused or fails changes nothing on disk: no set directory, no lock file,
 * no temporary (issue 15 item 2), whether the set is new or already holds a stream; uploads over
 * MAX_STREAM_BYTES or the free-space reserve are cut the same way (item 6). The store tree is
 * listed before and after, contents and modes included.
 */
class RefusedPutStreamTest {

    static final String SET = PutStreamTest.SET;
    static final String S1 = PutStreamTest.S1;
    static final String S2 = PutStreamTest.S2;
    static final String NOT_STORED = "prod-srv-rootfs-20260131T120000Z";
    static final byte[] STORED = TestStreams.encryptedLike(5000, 1);

    @TempDir
    Path root;

    record Row(String name, boolean setExists, String config, String command, byte[] stdin, int status,
               String stderr) {
        @Override
        public String toString() {
            return name + (setExists ? " (set exists)" : " (new set)");
        }
    }

    static Stream<Arguments> refusedCalls() {
        byte[] plain = "btrfs-stream plaintext that must not be stored".getBytes(StandardCharsets.UTF_8);
        byte[] publicKeyPacket = {(byte) 0x99, 0x01, 0x0d, 1, 2, 3, 4, 5};
        byte[] stream = TestStreams.encryptedLike(2_000_000, 5);
        String future = "prod-srv-rootfs-20260201T021700Z"; // 11 minutes ahead of the harness clock
        List<Row> rows = List.of(
                new Row("snapshot time too far ahead", false, "", put(future, "full"), stream, ReceiverExit.REFUSED,
                        "ahead of backup-srv's clock"),
                new Row("not OpenPGP", false, "", put(S2, "full"), plain, ReceiverExit.REFUSED, "not an OpenPGP message"),
                new Row("first packet not an encrypted message", false, "", put(S2, "full"), publicKeyPacket,
                        ReceiverExit.REFUSED, "starts with OpenPGP packet type 6"),
                new Row("parent not stored", false, "", put(S2, "incr " + NOT_STORED), stream, ReceiverExit.FAILED,
                        "parent " + NOT_STORED + " is not stored"),
                new Row("empty upload", false, "", put(S2, "full"), new byte[0], ReceiverExit.FAILED, "the upload is empty"),
                new Row("cut off upload", false, "", put(S2, "full"), Arrays.copyOf(stream, 1_500_000),
                        ReceiverExit.FAILED, "cut off"),
                new Row("at the free-space reserve", false, "RESERVE_FREE_BYTES=8000T\n", put(S2, "full"), stream,
                        ReceiverExit.NO_SPACE, "not more than the free-space reserve RESERVE_FREE_BYTES=8000T"),
                new Row("over MAX_STREAM_BYTES", false, "MAX_STREAM_BYTES=1M\n", put(S2, "full"), stream,
                        ReceiverExit.NO_SPACE, "larger than MAX_STREAM_BYTES=1048576 bytes"),
                new Row("not newer than the newest", true, "", put("prod-srv-rootfs-20260130T000000Z", "full"), stream,
                        ReceiverExit.REFUSED, "not newer than the newest stored snapshot"),
                new Row("a different stream under a stored name", true, "", put(S1, "full"), stream,
                        ReceiverExit.REFUSED, "a different stream is already stored"));
        return rows.stream().flatMap(r -> r.name.equals("not newer than the newest")
                        || r.name.equals("a different stream under a stored name") ? Stream.of(r)
                        : Stream.of(r, new Row(r.name, true, r.config, r.command, r.stdin, r.status, r.stderr)))
                .map(Arguments::of);
    }

    private static String put(String snapshot, String kindAndParent) {
        return "put-stream " + SET + " " + snapshot + " " + kindAndParent + " compression=zstd";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedCalls")
    void aRefusedOrFailedPutStreamChangesNothingOnDisk(Row row) {
        if (row.setExists) {
            assertThat(new ReceiverHarness(root).run(put(S1, "full"), STORED).status()).isZero();
        }
        List<String> before = StoreTree.of(root);
        ReceiverHarness receiver = new ReceiverHarness(root, row.config);

        ReceiverHarness.Outcome outcome = receiver.run(row.command, row.stdin);

        assertThat(outcome.status()).as(outcome.stderr()).isEqualTo(row.status);
        assertThat(outcome.stderr()).contains(row.stderr).hasLineCount(1);
        assertThat(outcome.stdout()).isEmpty();
        assertThat(StoreTree.of(root)).as("the store tree").isEqualTo(before);
        if (!row.setExists) {
            assertThat(before).isEmpty();
        }
    }

    @Test
    void aFailedUploadToANewNestedSetTakesBackEveryDirectoryItCreated() {
        String deep = "prod-srv/rootfs/daily";
        ReceiverHarness.Outcome outcome = new ReceiverHarness(root).run(
                "put-stream " + deep + " prod-srv-rootfs-20260201T020500Z full",
                Arrays.copyOf(TestStreams.encryptedLike(100_000, 3), 50_000));

        assertThat(outcome.status()).as(outcome.stderr()).isEqualTo(ReceiverExit.FAILED);
        assertThat(StoreTree.of(root)).isEmpty();
    }

    @Test
    void aFailedUploadLeavesASetDirectoryItDidNotCreateAsItWas() throws Exception {
        Files.createDirectories(root.resolve(SET)); // made by the operator, say: not the upload's to remove
        List<String> before = StoreTree.of(root);
        ReceiverHarness.Outcome outcome = new ReceiverHarness(root).run(put(S2, "full"),
                Arrays.copyOf(TestStreams.encryptedLike(100_000, 3), 50_000));

        assertThat(outcome.status()).isEqualTo(ReceiverExit.FAILED);
        assertThat(StoreTree.of(root)).as("the directory stays, without a lock file").isEqualTo(before);
    }

    @Test
    void anUploadWithinMaxStreamBytesIsStored() {
        ReceiverHarness.Outcome outcome = new ReceiverHarness(root, "MAX_STREAM_BYTES=1M\n")
                .run(put(S1, "full"), TestStreams.encryptedLike((1 << 20) - 1000, 9));

        assertThat(outcome.status()).as(outcome.stderr()).isZero();
    }

    /** RECEIVE_IDLE_TIMEOUT covers the very first read too, which now comes before anything is created. */
    @Test
    void aSenderThatNeverSendsAByteIsDroppedAfterTheIdleTimeoutWithNothingCreated() throws IOException {
        ReceiverHarness receiver = new ReceiverHarness(root, "RECEIVE_IDLE_TIMEOUT=1s\n");
        try (SilentSender stdin = new SilentSender()) {
            long started = System.nanoTime();
            ReceiverHarness.Outcome outcome = receiver.run(put(S1, "full"), stdin);

            assertThat(outcome.status()).as(outcome.stderr()).isEqualTo(ReceiverExit.FAILED);
            assertThat(outcome.stderr()).contains("no byte arrived for 1s (RECEIVE_IDLE_TIMEOUT)", "nothing stored");
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(15_000);
        }
        assertThat(StoreTree.of(root)).isEmpty();
    }

    /** stdin of a connection that stays open and silent: a read blocks until the stream is closed. */
    private static final class SilentSender extends InputStream {
        private final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public int read() throws IOException {
            try {
                if (!closed.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("test stdin: nobody closed it in 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("Stream closed");
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return read();
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    @Test
    void aStreamThatLostItsManifestIsNotGivenOneWhenItsParentIsGone() throws Exception {
        ReceiverHarness receiver = new ReceiverHarness(root);
        byte[] incr = storeAFullAndAnIncremental(receiver);
        Path setDir = root.resolve(SET);
        Files.delete(setDir.resolve(S2 + ".manifest"));
        Files.delete(setDir.resolve(S1 + ".manifest"));
        Files.delete(setDir.resolve(S1 + ".full.btrfs.gpg"));
        List<String> before = StoreTree.of(root);

        ReceiverHarness.Outcome outcome = receiver.run(put(S2, "incr " + S1), incr);

        assertThat(outcome.status()).as(outcome.stderr()).isEqualTo(ReceiverExit.FAILED);
        assertThat(outcome.stderr()).contains("parent " + S1 + " is not stored");
        assertThat(StoreTree.of(root)).as("no manifest written").isEqualTo(before);
    }

    @Test
    void aStreamThatLostItsManifestIsNotGivenOneOnAnUnrestorableParent() throws Exception {
        ReceiverHarness receiver = new ReceiverHarness(root);
        byte[] incr = storeAFullAndAnIncremental(receiver);
        Path setDir = root.resolve(SET);
        Files.delete(setDir.resolve(S2 + ".manifest"));
        Files.delete(setDir.resolve(S1 + ".manifest")); // the parent's chain is now broken
        List<String> before = StoreTree.of(root);

        ReceiverHarness.Outcome outcome = receiver.run(put(S2, "incr " + S1), incr);

        assertThat(outcome.status()).as(outcome.stderr()).isEqualTo(ReceiverExit.FAILED);
        assertThat(outcome.stderr()).contains("parent " + S1 + " is not restorable");
        assertThat(StoreTree.of(root)).as("no manifest written").isEqualTo(before);
    }

    @Test
    void aStreamThatLostItsManifestGetsItBackFromAnIdenticalResendOnARestorableParent() throws Exception {
        ReceiverHarness receiver = new ReceiverHarness(root);
        byte[] incr = storeAFullAndAnIncremental(receiver);
        Files.delete(root.resolve(SET).resolve(S2 + ".manifest"));

        ReceiverHarness.Outcome outcome = receiver.run(put(S2, "incr " + S1), incr);

        assertThat(outcome.status()).as(outcome.stderr()).isZero();
        assertThat(outcome.out()).contains("\"status\":\"already-stored\"");
        assertThat(Files.readString(root.resolve(SET).resolve(S2 + ".manifest"))).contains("parent=" + S1);
    }

    /** S1 full and S2 incremental on it, both stored; returns S2's stream for a re-send. */
    private static byte[] storeAFullAndAnIncremental(ReceiverHarness receiver) {
        byte[] incr = TestStreams.encryptedLike(700, 2);
        assertThat(receiver.run(put(S1, "full"), STORED).status()).isZero();
        assertThat(receiver.run(put(S2, "incr " + S1), incr).status()).isZero();
        return incr;
    }
}
