package org.btrfssendbackup.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.btrfssendbackup.broker.BrokerFixture;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.Compression;
import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.core.manifest.ManifestWriter;
import org.btrfssendbackup.messages.event.PruneCompleted;
import org.btrfssendbackup.messages.event.PruneTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What status tells beyond the verdict: the last backup's snapshot, kind, size and duration and
 * the restore points its last prune kept (from events, anywhere), and, where the store is, the
 * restore points stored now and the store's free space.
 */
class StatusDetailsTest {

    private static final Instant NOW = Instant.parse("2024-05-02T12:00:00Z");

    @TempDir
    Path dir;

    private Path storeWithOneStream() throws Exception {
        Path root = Files.createDirectories(dir.resolve("store"));
        StoreLayout layout = new StoreLayout(root);
        BackupSetName set = BackupSetName.of("fresh");
        SnapshotName snapshot = SnapshotName.parse("fresh-20240501T020003Z");
        Files.createDirectories(layout.setDirectory(set));
        Files.writeString(layout.streamFile(set, StreamFileName.of(snapshot, StreamKind.FULL)), "stream");
        Files.writeString(layout.manifestFile(set, snapshot), ManifestWriter.write(Manifest.stored(set, snapshot,
                StreamKind.FULL, Optional.empty(), 6, "b".repeat(64), Compression.ZSTD, snapshot.time())));
        return root;
    }

    @Test
    void theLastBackupAndTheRestorePointsComeWithTheVerdict() throws Exception {
        try (BrokerFixture fixture = BrokerFixture.start(dir.resolve("broker"))) {
            ConsoleHarness console = new ConsoleHarness(fixture);
            console.withEnvironment(console.environment().withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
            TestEvents.publish(fixture, TestEvents.completed("fresh", NOW.minusSeconds(7200)),
                    TestEvents.event(PruneCompleted.of(PruneTarget.STREAMS, 1, 4096,
                            Map.of("fresh-20240501T020003Z", "latest", "fresh-20240430T020003Z", "daily 2024-04-30"),
                            false, 10), "fresh", NOW.minusSeconds(3600)));

            ConsoleResult human = console.run("status", "--set", "fresh");
            assertThat(human.exitCode()).as(human.toString()).isZero();
            assertThat(human.out()).containsPattern("last backup +rootfs-20240501T020003Z \\(full, 4\\.0 KiB, in 1m\\)")
                    .containsPattern("restore points +2 kept by the last prune").doesNotStartWith("store ");

            JsonNode set = console.run("status", "--set", "fresh", "--json").json().get("sets").get(0);
            assertThat(set.get("lastBackup").get("snapshot").asText()).isEqualTo("rootfs-20240501T020003Z");
            assertThat(set.get("lastBackup").get("bytes").asLong()).isEqualTo(4096);
            assertThat(set.get("keptAtLastPrune").asInt()).isEqualTo(2);

            Path store = storeWithOneStream();
            ConsoleResult onBackupSrv = console.run("status", "--set", "fresh", "--backup-root", store.toString());
            assertThat(onBackupSrv.out()).containsPattern("store " + store + ": \\S+ \\S+ free of \\S+ \\S+ \\(\\d+% used\\)")
                    .containsPattern("restore points +1 stored");
            JsonNode document = console.run("status", "--set", "fresh", "--backup-root", store.toString(), "--json").json();
            assertThat(document.get("store").get("restorePoints").get("fresh").asInt()).isEqualTo(1);
            assertThat(document.get("store").get("freeBytes").asLong()).isPositive();
            assertThat(document.get("store").get("totalBytes").asLong())
                    .isGreaterThanOrEqualTo(document.get("store").get("freeBytes").asLong());
        }
    }

    /** On backup-srv the console finds the store by the receiver's config, as the pruner does. */
    @Test
    void theStoreIsFoundThroughBackupSrvsConfig() throws Exception {
        try (BrokerFixture fixture = BrokerFixture.start(dir.resolve("broker"))) {
            Path store = storeWithOneStream();
            Path config = dir.resolve("btrfs-backup-receive");
            Files.writeString(config, "BACKUP_ROOT=" + store + "\n");
            ConsoleHarness console = new ConsoleHarness(fixture);
            console.withEnvironment(console.environment().withClock(Clock.fixed(NOW, ZoneOffset.UTC))
                    .withReceiveConfig(config));
            TestEvents.publish(fixture, TestEvents.completed("fresh", NOW.minusSeconds(7200)));

            ConsoleResult result = console.run("status");

            assertThat(result.out()).startsWith("store " + store + ": ").containsPattern("restore points +1 stored");
            console.withEnvironment(console.environment().withReceiveConfig(dir.resolve("absent")));
            assertThat(console.run("status").out()).as("no config file: events only").doesNotStartWith("store ")
                    .doesNotContain("stored");
        }
    }
}
