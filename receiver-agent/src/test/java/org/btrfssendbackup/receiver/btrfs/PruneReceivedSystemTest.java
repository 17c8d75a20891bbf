package org.btrfssendbackup.receiver.btrfs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.btrfssendbackup.core.lab.LoopBtrfs;
import org.btrfssendbackup.core.testing.SystemTests;
import org.btrfssendbackup.receiver.ReceiverHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * prune-received on real received snapshots (loop btrfs standing in for the LUKS volume), with
 * backup-srv's KEEP_DAILY=2 KEEP_WEEKLY=2 KEEP_MONTHLY=2 from its config file.
 */
class PruneReceivedSystemTest {

    static final String SET = "prod-srv/rootfs";

    @TempDir
    Path tmp;

    @Test
    void keepsWhatThePolicySaysAndTheLatestAndLeavesForeignEntriesAlone() throws Exception {
        SystemTests.assumeLoopBtrfs();
        try (LoopBtrfs disk = LoopBtrfs.create()) {
            Path received = Files.createDirectories(disk.mountPoint().resolve("received"));
            ProdSnapshots prod = new ProdSnapshots(Files.createDirectories(disk.mountPoint().resolve("prod")));
            ReceiveSystemTest.ReceiverHarnessOnBtrfs receiver = ReceiveSystemTest.receiver(disk.mountPoint(), tmp);
            // UTC; ISO weeks: Jan 5 is W02, Jan 20 W04, Jan 26-31 W05
            List<String> snapshots = List.of("a-20260105T020000Z", "a-20260120T020000Z", "a-20260126T020000Z",
                    "a-20260129T020000Z", "a-20260130T020000Z", "a-20260130T120000Z", "a-20260131T020000Z");
            String previous = null;
            for (String name : snapshots) {
                prod.snapshot(name, "file", name);
                byte[] stream = previous == null ? prod.fullStream(name) : prod.incrementalStream(name, previous);
                ReceiverHarness.Outcome r = receiver.run("receive " + SET + " " + name
                        + (previous == null ? "" : " " + previous), stream);
                assertThat(r.status()).as(r.stderr()).isZero();
                previous = name;
            }
            Path setDir = received.resolve(SET);
            Files.writeString(setDir.resolve("README"), "not a snapshot\n");
            Files.createDirectories(setDir.resolve("a-20250101T000000Z"));

            ReceiverHarness.Outcome pruned = receiver.run("prune-received " + SET, new byte[0]);

            assertThat(pruned.status()).as(pruned.stderr()).isZero();
            JsonNode reply = ReceiveSystemTest.JSON.readTree(pruned.out());
            assertThat(reply.get("status").asText()).isEqualTo("pruned");
            // latest + daily Jan 31; daily Jan 30 (its newest); weekly W05 (Jan 31) and W04 (Jan 20); monthly 2026-01
            assertThat(reply.get("kept").asInt()).isEqualTo(3);
            assertThat(reply.get("deleted").toString()).isEqualTo("[\"a-20260105T020000Z\",\"a-20260126T020000Z\","
                    + "\"a-20260129T020000Z\",\"a-20260130T020000Z\"]");
            assertThat(reply.get("ignored").toString()).isEqualTo("[\"README\",\"a-20250101T000000Z\"]");
            assertThat(ReceivedSnapshots.names(setDir)).containsExactly("README", "a-20250101T000000Z",
                    "a-20260120T020000Z", "a-20260130T120000Z", "a-20260131T020000Z");
            assertThat(receiver.events.remoteBtrfs).endsWith("SnapshotPruned a-20260105T020000Z",
                    "SnapshotPruned a-20260126T020000Z", "SnapshotPruned a-20260129T020000Z",
                    "SnapshotPruned a-20260130T020000Z",
                    "PruneCompleted kept=[a-20260120T020000Z, a-20260130T120000Z, a-20260131T020000Z] deleted="
                            + "[a-20260105T020000Z, a-20260126T020000Z, a-20260129T020000Z, a-20260130T020000Z]");
            // what is left is still a working chain: the next incremental goes onto the latest
            prod.snapshot("a-20260201T020000Z", "file", "next");
            ReceiverHarness.Outcome next = receiver.run("receive " + SET + " a-20260201T020000Z a-20260131T020000Z",
                    prod.incrementalStream("a-20260201T020000Z", "a-20260131T020000Z"));
            assertThat(next.status()).as(next.stderr()).isZero();

            ReceiverHarness.Outcome again = receiver.run("prune-received " + SET, new byte[0]);
            assertThat(again.status()).as(again.stderr()).isZero();
            // Feb 1 (a Sunday, still W05) is a new day and month: Jan 30 is no longer among the last two days
            assertThat(ReceiveSystemTest.JSON.readTree(again.out()).get("deleted").toString())
                    .isEqualTo("[\"a-20260130T120000Z\"]");
        }
    }
}
