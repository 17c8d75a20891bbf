package org.btrfssendbackup.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** /metrics on a real loopback socket, through the JDK's HTTP client. */
class MetricsServerTest {

    private static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> request(MetricsServer server, String method, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
        return client.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void eachScrapeAsksForTheCurrentState() throws Exception {
        AtomicLong deadLetters = new AtomicLong(3);
        try (MetricsServer server = MetricsServer.start(ANY_PORT,
                () -> MetricsState.ofSets(List.of()).withDeadLetters(deadLetters.get()))) {
            HttpResponse<String> first = request(server, "GET", "/metrics");
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("Content-Type")).contains(MetricsText.CONTENT_TYPE);
            assertThat(first.body()).contains("btrfs_backup_dead_letters 3.0");
            deadLetters.set(0);
            assertThat(request(server, "GET", "/metrics").body()).contains("btrfs_backup_dead_letters 0.0");
        }
    }

    @Test
    void theGoldenStateIsServedAsTheGoldenText() throws Exception {
        try (MetricsServer server = MetricsServer.start(ANY_PORT, BackupMetricsTest::sample)) {
            assertThat(request(server, "GET", "/metrics").body()).isEqualTo(BackupMetricsTest.golden());
        }
    }

    @Test
    void otherPathsAndMethodsAreRefusedAndAFailingCollectionIsA500() throws Exception {
        try (MetricsServer server = MetricsServer.start(ANY_PORT, () -> {
            throw new IllegalStateException("store not mounted");
        })) {
            assertThat(request(server, "GET", "/").statusCode()).isEqualTo(404);
            assertThat(request(server, "POST", "/metrics").statusCode()).isEqualTo(405);
            HttpResponse<String> failed = request(server, "GET", "/metrics");
            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(failed.body()).contains("store not mounted");
        }
    }

    @Test
    void anAddressInUseIsAnErrorNamingTheKey() throws Exception {
        try (MetricsServer first = MetricsServer.start(ANY_PORT, () -> MetricsState.ofSets(List.of()))) {
            assertThatThrownBy(() -> MetricsServer.start(first.address(), () -> MetricsState.ofSets(List.of())))
                    .isInstanceOf(IOException.class).hasMessageContaining("METRICS_LISTEN: cannot listen on");
        }
    }
}
