package org.btrfssendbackup.receiver.btrfs;

import org.btrfssendbackup.core.protocol.ReceiverExit;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.btrfssendbackup.core.config.ReceiverConfig;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.lab.LoopBtrfs;
import org.btrfssendbackup.core.testing.SystemTests;
import org.btrfssendbackup.core.tools.SubvolumeInfo;
import org.btrfssendbackup.receiver.PutStreamTest;
import org.btrfssendbackup.receiver.Receiver;
import org.btrfssendbackup.receiver.ReceiverHarness;
import org.btrfssendbackup.receiver.events.RecordingReceiverEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * receive against a real btrfs on a loop device, with real send streams. The LUKS volume is
 * stood in for by the loop mount (LUKS_MOUNT is that mount point): receive only needs the
 * mount, not the mapping. One filesystem serves the class; each test uses its own set.
 */
class ReceiveSystemTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String S1 = "prod-srv-rootfs-20260130T020500Z";
    static final String S2 = "prod-srv-rootfs-20260131T020500Z";
    static final String S3 = "prod-srv-rootfs-20260201T020000Z";

    static LoopBtrfs backupDisk;
    static ProdSnapshots prod;
    static Path received;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void setUp() throws IOException {
        SystemTests.assumeLoopBtrfs();
        backupDisk = LoopBtrfs.create();
        // as open-luks leaves it
        received = Files.createDirectories(backupDisk.mountPoint().resolve("received"));
        prod = new ProdSnapshots(Files.createDirectories(backupDisk.mountPoint().resolve("prod")));
        prod.snapshot(S1, "etc-hostname", "prod-srv\n");
        prod.snapshot(S2, "new-file", "written between the snapshots\n");
        prod.snapshot(S3, "third", "3\n");
    }

    @AfterAll
    static void tearDown() {
        if (backupDisk != null) {
            backupDisk.close();
        }
    }

    static ReceiverHarnessOnBtrfs receiver(Path luksMount) throws IOException {
        return receiver(luksMount, tmp);
    }

    /** KEEP_DAILY=2 KEEP_WEEKLY=2 KEEP_MONTHLY=2; the config file goes into {@code configDir}. */
    static ReceiverHarnessOnBtrfs receiver(Path luksMount, Path configDir) throws IOException {
        Path config = Files.createTempFile(configDir, "receive", ".conf");
        Files.writeString(config, String.join("\n", "LUKS_DEVICE=/dev/vdz", "LUKS_MOUNT=" + luksMount,
                "RECEIVED_ROOT=" + luksMount.resolve("received"), "BACKUP_ROOT=" + configDir.resolve("store"),
                "KEEP_DAILY=2", "KEEP_WEEKLY=2", "KEEP_MONTHLY=2", ""));
        return new ReceiverHarnessOnBtrfs(ReceiverConfig.load(config));
    }

    /** The receiver with the real process runner and the harness's fixed clock (2026-02-01T02:06Z). */
    static final class ReceiverHarnessOnBtrfs {
        final RecordingReceiverEvents events = new RecordingReceiverEvents();
        final Receiver receiver;

        ReceiverHarnessOnBtrfs(ReceiverConfig config) {
            receiver = new Receiver(config, Clock.fixed(ReceiverHarness.NOW, ZoneOffset.UTC), events);
        }

        ReceiverHarness.Outcome run(String command, byte[] stdin) {
            var out = new java.io.ByteArrayOutputStream();
            var err = new java.io.ByteArrayOutputStream();
            int status = receiver.run(command, new java.io.ByteArrayInputStream(stdin), out,
                    new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
            return new ReceiverHarness.Outcome(status, out.toByteArray(),
                    err.toString(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void aFullThenAnIncrementalAreReceivedReadOnlyWithTheSourcesUuidsAndListed() throws Exception {
        ReceiverHarnessOnBtrfs receiver = receiver(backupDisk.mountPoint());
        String set = "prod-srv/full-then-incr";
        byte[] full = prod.fullStream(S1);
        byte[] incr = prod.incrementalStream(S2, S1);

        ReceiverHarness.Outcome first = receiver.run("receive " + set + " " + S1, full);
        ReceiverHarness.Outcome second = receiver.run("receive " + set + " " + S2 + " " + S1, incr);

        assertThat(first.status()).as(first.stderr()).isZero();
        assertThat(second.status()).as(second.stderr()).isZero();
        JsonNode reply = JSON.readTree(second.out());
        assertThat(reply.get("status").asText()).isEqualTo("received");
        assertThat(reply.get("snapshot").asText()).isEqualTo(S2);
        assertThat(reply.get("parent").asText()).isEqualTo(S1);
        assertThat(reply.get("bytes").asLong()).isEqualTo(incr.length);
        assertThat(reply.get("sha256").asText()).isEqualTo(PutStreamTest.sha256(incr));
        assertThat(reply.get("received_uuid").asText()).isEqualTo(prod.btrfs.show(prod.snapshotDir.resolve(S2)).uuid().toString());
        assertThat(JSON.readTree(first.out()).get("parent").isNull()).isTrue();

        Path s2 = received.resolve(set).resolve(S2);
        SubvolumeInfo info = prod.btrfs.show(s2);
        assertThat(info.readOnly()).isTrue();
        assertThat(info.receivedUuid()).isPresent();
        assertThat(Files.readString(s2.resolve("new-file"))).isEqualTo("written between the snapshots\n");
        assertThat(Files.readString(s2.resolve("etc-hostname"))).isEqualTo("prod-srv\n");

        List<JsonNode> listed = lines(receiver.run("list " + set, new byte[0]));
        assertThat(listed).extracting(l -> l.get("snapshot").asText()).containsExactly(S1, S2);
        assertThat(listed).allSatisfy(l -> {
            assertThat(l.get("type").asText()).isEqualTo("received-snapshot");
            assertThat(l.get("read_only").asBoolean()).isTrue();
        });
        assertThat(listed.get(1).get("received_uuid").asText()).isEqualTo(reply.get("received_uuid").asText());
        assertThat(receiver.events.remoteBtrfs).containsExactly("StreamReceived " + S1 + " received " + full.length,
                "StreamReceived " + S2 + " received " + incr.length);

        ReceiverHarness.Outcome again = receiver.run("receive " + set + " " + S2 + " " + S1, incr);
        assertThat(again.status()).as(again.stderr()).isZero();
        JsonNode againReply = JSON.readTree(again.out());
        assertThat(againReply.get("status").asText()).isEqualTo("already-received");
        assertThat(againReply.get("sha256").asText()).isEqualTo(reply.get("sha256").asText());
        assertThat(againReply.get("received_uuid").asText()).isEqualTo(reply.get("received_uuid").asText());
    }

    @Test
    void aCutStreamLeavesNoSubvolumeAndTheRetrySucceeds() throws Exception {
        ReceiverHarnessOnBtrfs receiver = receiver(backupDisk.mountPoint());
        String set = "prod-srv/cut";
        ReceiverHarness.Outcome s1 = receiver.run("receive " + set + " " + S1, prod.fullStream(S1));
        assertThat(s1.status()).as(s1.stderr()).isZero();
        byte[] incr = prod.incrementalStream(S2, S1);
        byte[] full = prod.fullStream(S2);

        // before the end marker (its 10 bytes), in the middle, in the first command
        record Cut(String command, byte[] stdin) {
        }
        for (Cut cut : List.of(new Cut(S2 + " " + S1, Arrays.copyOf(incr, incr.length - 10)),
                new Cut(S2, Arrays.copyOf(full, full.length / 2)), new Cut(S2, Arrays.copyOf(full, 100)))) {
            ReceiverHarness.Outcome failed = receiver.run("receive " + set + " " + cut.command(), cut.stdin());

            assertThat(failed.status()).as(failed.stderr()).isEqualTo(ReceiverExit.FAILED);
            assertThat(failed.stderr()).startsWith("btrfs-backup-receive: failed: receive " + set + "/" + S2)
                    .contains("after " + cut.stdin().length + " bytes").hasLineCount(1);
            assertThat(ReceivedSnapshots.names(received.resolve(set))).containsExactly(S1);
        }
        assertThat(lines(receiver.run("list " + set, new byte[0]))).hasSize(1);

        ReceiverHarness.Outcome retried = receiver.run("receive " + set + " " + S2 + " " + S1, incr);
        assertThat(retried.status()).as(retried.stderr()).isZero();
        assertThat(ReceivedSnapshots.names(received.resolve(set))).containsExactly(S1, S2);
    }

    @Test
    void refusesAMissingParentAndTheTimeRulesWithNothingCreated() throws Exception {
        ReceiverHarnessOnBtrfs receiver = receiver(backupDisk.mountPoint());
        String set = "prod-srv/refusals";

        ReceiverHarness.Outcome noParent = receiver.run("receive " + set + " " + S2 + " " + S1, prod.incrementalStream(S2, S1));
        assertThat(noParent.status()).as(noParent.stderr()).isEqualTo(ReceiverExit.REFUSED);
        assertThat(noParent.stderr()).contains("parent " + S1 + " is not a received snapshot of this set");

        String future = "prod-srv-rootfs-20260201T030000Z";
        ReceiverHarness.Outcome ahead = receiver.run("receive " + set + " " + future, prod.fullStream(S1));
        assertThat(ahead.status()).isEqualTo(ReceiverExit.REFUSED);
        assertThat(ahead.stderr()).contains("more than 10m (MAX_FUTURE_SKEW) ahead of backup-srv's clock");

        assertThat(receiver.run("receive " + set + " " + S2, prod.fullStream(S2)).status()).isZero();
        ReceiverHarness.Outcome older = receiver.run("receive " + set + " " + S1, prod.fullStream(S1));
        assertThat(older.status()).isEqualTo(ReceiverExit.REFUSED);
        assertThat(older.stderr()).contains("not newer than the newest received snapshot " + S2);

        assertThat(ReceivedSnapshots.names(received.resolve(set))).containsExactly(S2);
        assertThat(receiver.events.refused).hasSize(3);
    }

    @Test
    void aStreamOfAnotherSnapshotThanNamedIsRefusedAndRemoved() throws Exception {
        ReceiverHarnessOnBtrfs receiver = receiver(backupDisk.mountPoint());
        String set = "prod-srv/mislabelled";

        ReceiverHarness.Outcome refused = receiver.run("receive " + set + " " + S3, prod.fullStream(S2));

        assertThat(refused.status()).isEqualTo(ReceiverExit.REFUSED);
        assertThat(refused.stderr()).contains("the stream created [" + S2 + "], not " + S3);
        assertThat(ReceivedSnapshots.names(received.resolve(set))).isEmpty();
    }

    @Test
    void aHalfReceivedLeftoverIsReplacedAndAForeignEntryIsNotTouched() throws Exception {
        ReceiverHarnessOnBtrfs receiver = receiver(backupDisk.mountPoint());
        String set = "prod-srv/leftovers";
        Path setDir = Files.createDirectories(received.resolve(set));
        // what a receiver killed mid-stream leaves: a writable subvolume under the final name
        prod.runner.run(CommandLine.of("btrfs", "subvolume", "create", setDir.resolve(S1).toString()));
        Files.createDirectories(setDir.resolve(S2));

        ReceiverHarness.Outcome replaced = receiver.run("receive " + set + " " + S1, prod.fullStream(S1));
        ReceiverHarness.Outcome foreign = receiver.run("receive " + set + " " + S2 + " " + S1, prod.incrementalStream(S2, S1));

        assertThat(replaced.status()).as(replaced.stderr()).isZero();
        assertThat(prod.btrfs.show(setDir.resolve(S1)).receivedUuid()).isPresent();
        assertThat(foreign.status()).isEqualTo(ReceiverExit.REFUSED);
        assertThat(foreign.stderr()).contains("exists and is not a btrfs subvolume; not touching it");
        assertThat(setDir.resolve(S2)).isEmptyDirectory();
    }

    @Test
    void refusesWhenTheVolumeIsNotMounted() throws Exception {
        Path notMounted = Files.createDirectories(tmp.resolve("not-mounted"));
        ReceiverHarnessOnBtrfs receiver = receiver(notMounted);

        for (String command : List.of("receive prod-srv/x " + S1, "prune-received prod-srv/x")) {
            ReceiverHarness.Outcome refused = receiver.run(command, new byte[] {1, 2, 3});
            assertThat(refused.status()).isEqualTo(ReceiverExit.REFUSED);
            assertThat(refused.stderr()).contains(": the LUKS volume is not mounted at " + notMounted + " (open-luks first)");
        }
        assertThat(notMounted).isEmptyDirectory();
        assertThat(receiver.run("list prod-srv/x", new byte[0]).out()).isEmpty();
    }

    static List<JsonNode> lines(ReceiverHarness.Outcome outcome) throws IOException {
        assertThat(outcome.status()).as(outcome.stderr()).isZero();
        List<JsonNode> nodes = new java.util.ArrayList<>();
        for (String line : outcome.out().lines().toList()) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }
}
