package org.btrfssendbackup.ops.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.btrfssendbackup.core.testing.ManualClock;
import org.btrfssendbackup.core.config.ShellConfigParser;
import org.btrfssendbackup.core.config.WebConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web server's refusals over real HTTP (the JDK's client, no redirects followed): the
 * guard runs before any page, so no hub is needed; the hub here fails every read, which shows
 * as 503 wherever a request got past the guard.
 */
class WebServerHttpTest {

    private static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static WebServer server;
    private static String base;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        WebConfig config = WebConfig.from(ShellConfigParser.parse("web.conf",
                "WEB_LISTEN=127.0.0.1:0\nWEB_SESSION_TIMEOUT=10m\n"), h -> h.equals("127.0.0.1"), p -> true);
        SecureRandom random = new SecureRandom();
        WebUsers users = WebUsers.of(List.of(
                new WebUser("olga", Role.OPERATOR, PasswordHash.create("olga-pw".toCharArray(), 1000, random)),
                new WebUser("vic", Role.VIEWER, PasswordHash.create("vic-pw".toCharArray(), 1000, random))));
        HubView hub = new HubView(() -> {
            throw new IllegalStateException("no hub in this test");
        }, Optional.empty(), CLOCK, Duration.ofHours(26));
        server = new WebServer(config, () -> users, new Sessions(config.sessionTimeout(), CLOCK, random), hub);
        base = "http://127.0.0.1:" + server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void withoutASessionAPageRedirectsToTheLoginForm() throws Exception {
        HttpResponse<String> response = get("/", null);
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).hasValue("/login");
        assertThat(get("/login", null).body()).contains("name=\"password\"");
    }

    @Test
    void aWrongPasswordGivesNoSession() throws Exception {
        HttpResponse<String> response = post("/login", null, "user=olga&password=wrong");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(response.body()).contains("Wrong user name or password.");
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrictAndAPageThenPassesTheGuard() throws Exception {
        HttpResponse<String> login = post("/login", null, "user=olga&password=olga-pw");
        assertThat(login.statusCode()).isEqualTo(303);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith(WebServer.SESSION_COOKIE + "=").contains("HttpOnly")
                .containsIgnoringCase("SameSite=Strict").doesNotContain("Secure");
        HttpResponse<String> page = get("/", cookie(login));
        assertThat(page.statusCode()).as("past the guard, the page fails on the missing hub").isEqualTo(503);
        assertThat(page.body()).contains("no hub in this test");
    }

    @Test
    void aPostWithoutOrWithAWrongCsrfTokenIsForbidden() throws Exception {
        String session = login("olga", "olga-pw");
        String csrf = csrf(session);
        assertThat(post("/request", session, "host=prod-srv&set=home").statusCode()).isEqualTo(403);
        assertThat(post("/request", session, "host=prod-srv&set=home&csrf=" + csrf + "x").statusCode()).isEqualTo(403);
        assertThat(post("/request", session, "host=prod-srv&set=home&csrf=" + csrf).statusCode())
                .as("the right token passes the guard; the missing hub then fails it").isEqualTo(503);
    }

    @Test
    void aViewerCannotPostButCanLogOut() throws Exception {
        String session = login("vic", "vic-pw");
        String csrf = csrf(session);
        HttpResponse<String> refused = post("/request", session, "host=prod-srv&set=home&csrf=" + csrf);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("a viewer cannot change anything");
        HttpResponse<String> logout = post("/logout", session, "csrf=" + csrf);
        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(get("/", session).statusCode()).as("logged out").isEqualTo(303);
    }

    @Test
    void aPostWithoutASessionIsForbidden() throws Exception {
        assertThat(post("/request", null, "host=prod-srv&set=home&csrf=anything").statusCode()).isEqualTo(403);
        assertThat(post("/request", WebServer.SESSION_COOKIE + "=made-up", "host=a&set=b&csrf=x").statusCode())
                .isEqualTo(403);
    }

    @Test
    void aSessionExpiresAfterTheTimeoutWithoutUse() throws Exception {
        String session = login("olga", "olga-pw");
        CLOCK.advance(Duration.ofMinutes(9));
        assertThat(get("/", session).statusCode()).isEqualTo(503);
        CLOCK.advance(Duration.ofMinutes(11));
        assertThat(get("/", session).statusCode()).isEqualTo(303);
    }

    @Test
    void metricsNeedNoSessionAndSayTheBrokerIsDownWhenItCannotBeRead() throws Exception {
        HttpResponse<String> metrics = get("/metrics", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("btrfs_backup_broker_up 0");
    }

    private String login(String user, String password) throws Exception {
        HttpResponse<String> response = post("/login", null, "user=" + user + "&password=" + password);
        assertThat(response.statusCode()).isEqualTo(303);
        return cookie(response);
    }

    private String csrf(String session) throws Exception {
        Matcher m = CSRF.matcher(get("/", session).body());
        assertThat(m.find()).as("a CSRF field on the page").isTrue();
        return m.group(1);
    }

    private static String cookie(HttpResponse<String> response) {
        return response.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String cookie, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
