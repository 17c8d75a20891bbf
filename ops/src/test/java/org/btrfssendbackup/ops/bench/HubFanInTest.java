package org.btrfssendbackup.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.btrfssendbackup.messages.JsonFormats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fan-in benchmark's whole path at 3 hosts and a few hundred events, so it cannot rot: the
 * hub as the real broker main in its own JVM with the shipped wrapper's options, init's users
 * and TLS, three local brokers with their bridges, the project's publisher, the audit consumer
 * and the report. No timing is asserted (the machine is shared); what is asserted is that every
 * event arrived exactly once under its own host's user (the load held in the paused audit too),
 * the pruner's share of the mix reached the hub's pruner queue, the hub's heap was measured in the
 * hub's JVM, and the report renders.
 */
class HubFanInTest {

    private static final Path WRAPPER = Path.of("deploy/backup-srv/btrfs-backup-broker");

    @TempDir
    Path dir;

    @Test
    void threeHostsForwardEveryEventOnceIntoTheHubsAuditAndTheReportSaysSo() throws Exception {
        List<String> hubOptions = HubJvm.wrapperOptions(WRAPPER);
        assertThat(hubOptions).anyMatch(o -> o.startsWith("-Xmx"));
        HubFanInBenchmark.Options options = HubFanInBenchmark.Options.parse(new String[] {"--hosts", "3", "--burst-events", "300",
            "--steady-rate", "5", "--steady-seconds", "2", "--rounds", "1", "--json"});
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        FanInReport report = HubFanInBenchmark.run(dir, options, hubOptions,
                new PrintStream(progress, true, StandardCharsets.UTF_8));

        FanInResult burst = report.burst().get(0);
        FanInResult steady = report.steady().get(0);
        assertThat(burst.published()).isEqualTo(300);
        assertThat(steady.published()).isEqualTo(30);
        for (FanInResult load : List.of(burst, steady)) {
            assertThat(load.exactlyOnce()).as(load.load() + " exactly once").isTrue();
            assertThat(load.hostMismatches()).isZero();
            assertThat(load.latencyMicros()).hasSize((int) load.published());
        }
        // 100 events a host, run after run of the producer's events: each run's PruneRequested reaches the hub's pruner.
        List<String> runTypes = FleetRunEvents.PRODUCER_PAYLOADS.stream().map(p -> p.getClass().getSimpleName()).toList();
        long prunesPerHost = java.util.stream.IntStream.range(0, 100)
                .filter(i -> runTypes.get(i % runTypes.size()).equals("PruneRequested")).count();
        assertThat(prunesPerHost).as("the run mix has a PruneRequested").isPositive();
        assertThat(burst.pruneRequests()).isEqualTo(3 * prunesPerHost);
        // The load held in the audit (consumer paused) is counted too, and the hub's heap per held event measured.
        assertThat(report.held().published()).isEqualTo(300);
        assertThat(report.held().exactlyOnce()).isTrue();
        assertThat(report.heap().auditRingSize()).isEqualTo(100_000);
        assertThat(report.heap().maxBytes()).isEqualTo(AuditRingFitsTheHubHeapTest.maxHeapBytes(hubOptions));
        assertThat(report.heap().peakUsedBytes()).isPositive().isLessThanOrEqualTo(report.heap().maxBytes());
        assertThat(report.heap().afterCollectionBytes()).isPositive().isLessThanOrEqualTo(report.heap().maxBytes());
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("started the hub (pid ");

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        report.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("MET     exactly once: 630 events")
                .contains("burst: ").contains("steady (5.0 events/s per host, 15 in all)").contains("hub heap: ")
                .contains("hub audit ring: ");
        Map<?, ?> json = JsonFormats.document().readValue(JsonFormats.document().writeValueAsString(report.json()), Map.class);
        assertThat(json.get("exactlyOnce")).isEqualTo(true);
        assertThat((List<?>) json.get("rounds")).hasSize(3);
    }
}
