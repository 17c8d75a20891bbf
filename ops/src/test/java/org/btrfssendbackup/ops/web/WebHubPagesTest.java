package org.btrfssendbackup.ops.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.btrfssendbackup.broker.BrokerFixture;
import org.btrfssendbackup.broker.BrokerRole;
import org.btrfssendbackup.broker.DeadLetters;
import org.btrfssendbackup.core.config.ShellConfigParser;
import org.btrfssendbackup.core.config.WebConfig;
import org.btrfssendbackup.messages.Topology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pages that read and change the hub, over real HTTP against a real embedded broker, as an operator. */
class WebHubPagesTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @TempDir
    Path root;
    private BrokerFixture fixture;
    private WebServer server;
    private String base;
    private String session;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        fixture = BrokerFixture.start(root);
        WebConfig config = WebConfig.from(ShellConfigParser.parse("web.conf", "WEB_LISTEN=127.0.0.1:0\n"),
                h -> h.equals("127.0.0.1"), p -> true);
        SecureRandom random = new SecureRandom();
        WebUsers users = WebUsers.of(List.of(
                new WebUser("olga", Role.OPERATOR, PasswordHash.create("olga-pw".toCharArray(), 1000, random))));
        HubView hub = new HubView(() -> fixture.client(BrokerRole.OPERATOR), Optional.empty(), Clock.systemUTC(),
                Duration.ofHours(26));
        server = new WebServer(config, () -> users, new Sessions(config.sessionTimeout(), Clock.systemUTC(), random), hub);
        base = "http://127.0.0.1:" + server.start();
        HttpResponse<String> login = send("POST", "/login", null, "user=olga&password=olga-pw");
        assertThat(login.statusCode()).isEqualTo(303);
        session = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aDeadLetterIsListedWithItsReasonAndRetryIsSentToTheBroker() throws Exception {
        deadLetter("d-1");
        HttpResponse<String> page = send("GET", "/dead-letters", session, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("PruneRequested").contains("test reason");
        Matcher id = Pattern.compile("data-id=\"([0-9]+)\"").matcher(page.body());
        assertThat(id.find()).isTrue();
        HttpResponse<String> retried = send("POST", "/dead-letters/retry", session, "id=" + id.group(1) + "&csrf=" + csrf());
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.body()).contains("Sent dead letter " + id.group(1) + " back to its original queue.");
    }

    @Test
    void purgingTakesAConfirmation() throws Exception {
        deadLetter("d-1");
        deadLetter("d-2");
        assertThat(send("GET", "/dead-letters/purge", session, null).body()).contains("Delete all 2 dead letter(s)");
        HttpResponse<String> unconfirmed = send("POST", "/dead-letters/purge", session, "csrf=" + csrf());
        assertThat(unconfirmed.statusCode()).isEqualTo(303);
        assertThat(waiting()).isEqualTo(2);
        HttpResponse<String> confirmed = send("POST", "/dead-letters/purge", session, "confirm=yes&csrf=" + csrf());
        assertThat(confirmed.body()).contains("Deleted 2 dead letter(s).");
        assertThat(waiting()).isZero();
    }

    @Test
    void theAuditHistoryFiltersAndExportsJsonLines() throws Exception {
        fixture.publish("e-1", "PruneRequested", "home", "{}");
        fixture.publish("e-2", "PruneRequested", "var", "{}");
        fixture.publish("e-3", "SnapshotCreated", "home", "{}");
        HttpResponse<String> page = send("GET", "/audit?set=home", session, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("2 event(s)").contains("href=\"/audit/export?set=home\"");
        HttpResponse<String> export = send("GET", "/audit/export?set=home&type=PruneRequested", session, null);
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type")).get().asString().startsWith("application/x-ndjson");
        List<String> lines = export.body().lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("{").contains("\"eventId\":\"e-1\"");
        assertThat(send("GET", "/audit?since=yesterday-ish", session, null).statusCode()).isEqualTo(400);
    }

    @Test
    void liveEventsArePushedAsTheHubPublishesThem() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/events/stream")).header("Cookie", session)
                .header("Accept", "text/event-stream").GET().build(); // as EventSource sends it: Javalin needs it
        HttpResponse<InputStream> stream = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            CompletableFuture<String> data = CompletableFuture.supplyAsync(() -> {
                try {
                    String line;
                    boolean ours = false;
                    while ((line = reader.readLine()) != null) {
                        seen.add(line);
                        if (line.equals("event: backup-event")) {
                            ours = true;
                        } else if (ours && line.startsWith("data: ")) {
                            return line;
                        }
                    }
                    return null;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // the subscription is made when the stream opens; publish until it is there to see one
            String line = null;
            for (int i = 0; i < 20 && line == null; i++) {
                fixture.publish("live-" + i, "SnapshotCreated", "home", "{}");
                try {
                    line = data.get(500, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException notYet) {
                    // not subscribed yet
                }
            }
            assertThat(line).as("stream lines %s", seen).contains("\"eventId\":\"live-").contains("\"type\":\"SnapshotCreated\"");
        }
    }

    @Test
    void theStreamSaysFollowingOnlyOnceSubscribedSoTheNextEventArrives() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/events/stream")).header("Cookie", session)
                .header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> stream = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        // the body is closed, not the reader: closing a BufferedReader waits for a readLine blocked in another thread
        BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        try {
            CompletableFuture<Void> following = CompletableFuture.runAsync(() -> readUntil(reader, "event: following"));
            following.get(10, TimeUnit.SECONDS);
            // one event, published once: the page's "following" promised the subscription exists
            fixture.publish("after-following", "SnapshotCreated", "home", "{}");
            CompletableFuture<String> data = CompletableFuture.supplyAsync(() -> {
                readUntil(reader, "event: backup-event");
                return readUntil(reader, "data: ");
            });
            assertThat(data.get(10, TimeUnit.SECONDS)).contains("\"eventId\":\"after-following\"");
        } finally {
            stream.body().close();
        }
    }

    /** Reads lines until one starts with {@code prefix}; returns it. */
    private static String readUntil(BufferedReader reader, String prefix) {
        try {
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            throw new AssertionError("the stream ended before a line starting with " + prefix);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void deadLetter(String eventId) throws Exception {
        try (Connection connection = fixture.client(BrokerRole.PRUNER).connect()) {
            var jms = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            var message = BrokerFixture.event(jms, eventId, "PruneRequested", "home", "{}");
            message.setStringProperty(Topology.PROPERTY_DEAD_LETTER_REASON, "test reason");
            message.setStringProperty(Topology.PROPERTY_ORIGINAL_QUEUE, Topology.PRUNER_AGENT_QUEUE.name());
            jms.createProducer(jms.createQueue(Topology.DEAD_LETTER_ADDRESS)).send(message);
        }
    }

    private long waiting() {
        try (DeadLetters letters = DeadLetters.connect(fixture.client(BrokerRole.OPERATOR))) {
            return letters.count();
        }
    }

    private String csrf() throws Exception {
        Matcher m = CSRF.matcher(send("GET", "/dead-letters", session, null).body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private HttpResponse<String> send(String method, String path, String cookie, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        request.method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
