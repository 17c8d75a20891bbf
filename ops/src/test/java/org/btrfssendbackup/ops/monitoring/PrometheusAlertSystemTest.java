package org.btrfssendbackup.ops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.btrfssendbackup.core.metrics.MetricsServer;
import org.btrfssendbackup.core.metrics.MetricsState;
import org.btrfssendbackup.core.metrics.SetHealth;
import org.btrfssendbackup.core.metrics.SetMetrics;
import org.btrfssendbackup.core.net.LoopbackPorts;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.process.RunningProcess;
import org.btrfssendbackup.core.process.StdinSource;
import org.btrfssendbackup.core.process.StdoutMode;
import org.btrfssendbackup.core.testing.SystemTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's binary, on a free loopback port, a temporary store, 1 s scrape and
 * evaluation) scrapes a real {@code /metrics} with the shipped rules: the too-old alert stays
 * quiet while the last success is 25 h old and fires once the exported last success passes 26 h.
 * The test moves the exported timestamp, not the clock.
 */
class PrometheusAlertSystemTest {

    private static final String SET = "prod-srv/rootfs";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void theTooOldAlertFiresWhenTheLastSuccessPasses26Hours() throws Exception {
        SystemTests.assumeTool("prometheus");
        AtomicReference<Instant> lastSuccess = new AtomicReference<>(Instant.now().minus(Duration.ofHours(25)));
        try (MetricsServer endpoint = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                () -> MetricsState.ofSets(List.of(
                        new SetMetrics("prod-srv", SET, lastSuccess.get(), lastSuccess.get(), Duration.ofMinutes(3),
                                1L << 30, SetHealth.OK, null, null),
                        new SetMetrics("prod-srv", "prod-srv/home", Instant.now(), Instant.now(), Duration.ofSeconds(5),
                                4096L, SetHealth.OK, null, null))))) {
            int port = LoopbackPorts.free();
            Path config = Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
                    "global:",
                    "  scrape_interval: 1s",
                    "  evaluation_interval: 1s",
                    "rule_files:",
                    "  - " + AlertRulesTest.RULES.toAbsolutePath(),
                    "scrape_configs:",
                    "  - job_name: btrfs-backup",
                    "    static_configs:",
                    "      - targets: ['127.0.0.1:" + endpoint.address().getPort() + "']",
                    ""));
            CommandLine prometheus = CommandLine.of("prometheus", "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=warn").describedAs("prometheus for the alert test");
            try (RunningProcess server = new LocalProcessRunner().start(prometheus, StdinSource.none(),
                    StdoutMode.toFile(dir.resolve("prometheus.out")))) {
                String base = "http://127.0.0.1:" + port;
                String api = base + "/api/v1/";
                // Until its store is open Prometheus answers every API call with 503 Service Unavailable
                // (CI met that on a loaded machine): wait for /-/ready before asking anything.
                await(Duration.ofSeconds(60), () -> ready(base), server);
                // Quiet while the last success is 25 h old: wait for a scrape and a few evaluations first.
                await(Duration.ofSeconds(30), () -> !query(api, "btrfs_backup_last_success_timestamp_seconds").isEmpty(),
                        server);
                Thread.sleep(3_000);
                assertThat(alerts(api)).as("25 h old: nothing fires").isEmpty();

                lastSuccess.set(Instant.now().minus(Duration.ofHours(26)).minusSeconds(30));
                Instant moved = Instant.now();
                await(Duration.ofSeconds(30), () -> !alerts(api).isEmpty(), server);
                List<JsonNode> firing = alerts(api);
                assertThat(firing).singleElement().satisfies(alert -> {
                    assertThat(alert.path("labels").path("alertname").asText()).isEqualTo("BtrfsBackupTooOld");
                    assertThat(alert.path("labels").path("set").asText()).isEqualTo(SET);
                    assertThat(alert.path("state").asText()).isEqualTo("firing");
                });
                assertThat(Duration.between(moved, Instant.now())).isLessThan(Duration.ofSeconds(30));
            }
        }
    }

    /** Whether Prometheus says it is ready to serve queries: 200 from {@code /-/ready}, 503 while starting. */
    private boolean ready(String base) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/-/ready"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(base + "/-/ready: " + response.body()).isIn(200, 503);
        return response.statusCode() == 200;
    }

    /** The active alerts (pending or firing) from Prometheus's HTTP API. */
    private List<JsonNode> alerts(String api) throws Exception {
        JsonNode body = get(api + "alerts");
        List<JsonNode> alerts = new ArrayList<>();
        body.path("data").path("alerts").forEach(alerts::add);
        return alerts;
    }

    private List<JsonNode> query(String api, String expr) throws Exception {
        JsonNode body = get(api + "query?query=" + java.net.URLEncoder.encode(expr, java.nio.charset.StandardCharsets.UTF_8));
        List<JsonNode> result = new ArrayList<>();
        body.path("data").path("result").forEach(result::add);
        return result;
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    /** Polls until {@code check} holds; a Prometheus not answering yet counts as "not yet". */
    private void await(Duration limit, Check check, RunningProcess server) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            if (!server.isAlive()) {
                // await names the exit status and stderr (a non-zero exit throws saying so).
                throw new AssertionError("prometheus exited: " + server.await(Duration.ofSeconds(5)));
            }
            try {
                if (check.holds()) {
                    return;
                }
            } catch (java.io.IOException notYetListening) {
                // Prometheus is still starting.
            }
            assertThat(System.nanoTime()).as("not within " + limit).isLessThan(end);
            Thread.sleep(250);
        }
    }
}
