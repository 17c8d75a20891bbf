package org.btrfssendbackup.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.btrfssendbackup.broker.BrokerFixture;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verdicts from published events whose times are fixed relative to the console's fixed clock. */
class StatusCommandTest {

    private static final Instant NOW = Instant.parse("2024-05-02T12:00:00Z");

    @Test
    void okStaleFailingAndCorruptSetsAndTheExitStatusMonitoringUses(@TempDir Path root) throws Exception {
        try (BrokerFixture fixture = BrokerFixture.start(root)) {
            ConsoleHarness console = new ConsoleHarness(fixture);
            console.withEnvironment(console.environment().withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
            TestEvents.publish(fixture,
                    TestEvents.completed("fresh", hoursAgo(2)),
                    TestEvents.completed("old", hoursAgo(30)),
                    TestEvents.completed("broken", hoursAgo(3)),
                    TestEvents.stepFailed("broken", hoursAgo(1)),
                    TestEvents.completed("damaged", hoursAgo(5)),
                    TestEvents.streamCorrupt("damaged", hoursAgo(4)));

            ConsoleResult all = console.run("status", "--json");
            assertThat(all.exitCode()).as(all.toString()).isEqualTo(ExitCodes.FAILED);
            JsonNode document = all.json();
            assertThat(document.get("ok").asBoolean()).isFalse();
            assertThat(document.get("maxAgeSeconds").asLong()).isEqualTo(Duration.ofHours(26).toSeconds());
            Map<String, JsonNode> sets = new HashMap<>();
            document.get("sets").forEach(set -> sets.put(set.get("backupSet").asText(), set));
            assertThat(sets).containsOnlyKeys("fresh", "old", "broken", "damaged");
            assertThat(sets.get("fresh").get("verdict").asText()).isEqualTo("OK");
            assertThat(sets.get("fresh").get("ageSeconds").asLong()).isEqualTo(7200);
            assertThat(sets.get("fresh").get("lastSuccess").asText()).isEqualTo(hoursAgo(2).toString());
            assertThat(sets.get("fresh").get("lastByType").get("BackupCompleted").asText()).isEqualTo(hoursAgo(2).toString());
            assertThat(sets.get("old").get("verdict").asText()).isEqualTo("STALE");
            assertThat(sets.get("broken").get("verdict").asText()).isEqualTo("FAILING");
            assertThat(sets.get("broken").get("explanation").asText()).contains("ssh: connection reset");
            assertThat(sets.get("broken").get("lastFailure").asText()).isEqualTo(hoursAgo(1).toString());
            assertThat(sets.get("damaged").get("verdict").asText()).isEqualTo("CORRUPT");
            assertThat(sets.get("damaged").get("damage").get("unrestorablePoints").toString())
                    .isEqualTo("[\"rootfs-20240501T020003Z\",\"rootfs-20240502T020003Z\"]");
            assertThat(sets.get("broken").get("damage").isNull()).isTrue();

            ConsoleResult fresh = console.run("status", "--set", "fresh");
            assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
            assertThat(fresh.out()).contains("fresh").contains("OK").contains("last success 2h00m ago")
                    .contains("BackupCompleted").doesNotContain("broken");

            ConsoleResult generous = console.run("status", "--set", "fresh", "--set", "old", "--max-age", "2d");
            assertThat(generous.exitCode()).as(generous.toString()).isZero();

            ConsoleResult missing = console.run("status", "--set", "never-backed-up");
            assertThat(missing.exitCode()).isEqualTo(ExitCodes.FAILED);
            assertThat(missing.out()).contains("never-backed-up").contains("STALE");

            ConsoleResult human = console.run("status");
            assertThat(human.out()).containsPattern("broken\\s+FAILING").containsPattern("old\\s+STALE")
                    .containsPattern("fresh\\s+OK").containsPattern("damaged\\s+CORRUPT")
                    .containsPattern("takes down\\s+rootfs-20240501T020003Z, rootfs-20240502T020003Z");

            assertThat(console.run("status", "--max-age", "soon").exitCode()).isEqualTo(ExitCodes.USAGE);
        }
    }

    @Test
    void noBackupSetAtAllIsNotOk(@TempDir Path root) throws Exception {
        try (BrokerFixture fixture = BrokerFixture.start(root)) {
            ConsoleResult result = new ConsoleHarness(fixture).run("status");
            assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
            assertThat(result.out()).contains("no backup set");
        }
    }

    private static Instant hoursAgo(int hours) {
        return NOW.minus(Duration.ofHours(hours));
    }
}
