package org.btrfssendbackup.ops.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
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
import javax.net.ssl.SSLHandshakeException;

import org.btrfssendbackup.core.config.ShellConfigParser;
import org.btrfssendbackup.core.config.WebConfig;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console over TLS (WEB_TLS_KEYSTORE, WEB_TLS_PASSWORD_FILE) with a keystore keytool
 * made, as the README tells an operator to: a client trusting its certificate logs in, one that
 * does not trust it fails the handshake, and plain HTTP to the TLS port gets no page.
 */
class WebServerTlsTest {

    @TempDir
    static Path root;
    private static SelfSignedKeystore keystore;
    private static WebServer server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        keystore = SelfSignedKeystore.create(new LocalProcessRunner(), root, "web-tls-" + System.nanoTime());
        WebConfig config = WebConfig.from(ShellConfigParser.parse("web.conf", "WEB_LISTEN=127.0.0.1:0\n"
                + "WEB_TLS_KEYSTORE=" + keystore.keystore() + "\nWEB_TLS_PASSWORD_FILE=" + keystore.passwordFile() + "\n"),
                h -> h.equals("127.0.0.1"), p -> true);
        SecureRandom random = new SecureRandom();
        WebUsers users = WebUsers.of(List.of(
                new WebUser("olga", Role.OPERATOR, PasswordHash.create("olga-pw".toCharArray(), 1000, random))));
        HubView hub = new HubView(() -> {
            throw new IllegalStateException("no hub in this test");
        }, Optional.empty(), Clock.systemUTC(), Duration.ofHours(26));
        server = new WebServer(config, () -> users, new Sessions(config.sessionTimeout(), Clock.systemUTC(), random), hub);
        port = server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theLoginPageAndALoginWorkOverHttpsForAClientThatTrustsTheCertificate() throws Exception {
        HttpClient trusting = HttpClient.newBuilder().sslContext(keystore.trustingContext())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> form = trusting.send(HttpRequest.newBuilder(https("/login")).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("name=\"password\"");
        HttpResponse<String> login = trusting.send(HttpRequest.newBuilder(https("/login")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=olga&password=olga-pw")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(303);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).as("the session cookie is only sent back over TLS").contains("Secure").contains("HttpOnly");
        HttpResponse<String> page = trusting.send(HttpRequest.newBuilder(https("/")).timeout(Duration.ofSeconds(10))
                .header("Cookie", setCookie.split(";", 2)[0]).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as("past the guard, the page fails on the missing hub").isEqualTo(503);
        assertThat(page.body()).contains("no hub in this test");
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateFailsTheHandshake() {
        HttpClient stock = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> stock.send(HttpRequest.newBuilder(https("/login")).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void plainHttpToTheTlsPortGetsNoPage() throws Exception {
        String answer = plainHttpGet("/login");
        assertThat(answer).doesNotContain("name=\"password\"").doesNotStartWith("HTTP/1.1 200");
    }

    @Test
    void chromiumToldToIgnoreTheUnknownIssuerShowsTheLoginPageOverHttps() throws Exception {
        HeadlessChromium.assumeInstalled();
        try (HeadlessChromium chromium = HeadlessChromium.start("--ignore-certificate-errors")) {
            chromium.driver().get(https("/login").toString());
            assertThat(chromium.driver().getTitle()).isEqualTo("Log in · btrfs-backup-web");
            assertThat(chromium.driver().findElements(org.openqa.selenium.By.id("password"))).hasSize(1);
            chromium.screenshot("login-https");
        }
    }

    /** What a plain-text request to the port gets back before the server closes or the read times out. */
    private static String plainHttpGet(String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    answer.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException | java.net.SocketException closed) {
                // the server stopped talking: what came so far is the answer
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static URI https(String path) {
        return URI.create("https://127.0.0.1:" + port + path);
    }
}
