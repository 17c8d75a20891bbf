package org.btrfssendbackup.ops.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.btrfssendbackup.core.config.ScrubSettings;
import org.btrfssendbackup.core.config.ShellConfigParser;
import org.btrfssendbackup.core.config.WebConfig;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.Compression;
import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.core.manifest.ManifestWriter;
import org.btrfssendbackup.core.retention.RetentionPolicy;
import org.btrfssendbackup.ops.console.RestorePointExplanation;
import org.btrfssendbackup.pruner.ScrubResult;
import org.btrfssendbackup.pruner.Scrubber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set page on a real store: stream files with manifests as the receiver writes them, one
 * damaged on disk and found by the pruner's real scrub, then served by the web server.
 */
class SetPageOverHttpTest {

    private static final BackupSetName SET = BackupSetName.of("prod-srv/home");
    private static final Instant DAY0 = Instant.parse("2026-11-01T02:00:00Z");
    private static final Instant NOW = DAY0.plus(Duration.ofDays(40)); // every stream due for its scrub

    @TempDir
    Path root;

    private final Random random = new Random(7);
    private final List<String> names = new ArrayList<>();

    @Test
    void theScrubsDamageShowsOnThePageWithWhatItTakesDownAndWhyEachPointIsKept() throws Exception {
        StoreLayout layout = new StoreLayout(root);
        Files.createDirectories(layout.setDirectory(SET));
        for (int day = 0; day < 5; day++) {
            store(layout, SnapshotName.of("prod-srv-home", DAY0.plus(Duration.ofDays(day))),
                    day == 0 ? null : SnapshotName.parse(names.get(day - 1)));
        }
        Path damagedFile = layout.streamFile(SET, StreamFileName.of(SnapshotName.parse(names.get(2)), StreamKind.INCR));
        byte[] content = Files.readAllBytes(damagedFile);
        content[content.length / 2] ^= 0x01;
        Files.write(damagedFile, content);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        ScrubResult scrub = new Scrubber(layout, new ScrubSettings(Long.MAX_VALUE, 30, Duration.ofDays(7)), clock)
                .scrub(Optional.empty());
        assertThat(scrub.corrupt()).hasSize(1);
        HubView hub = new HubView(() -> {
            throw new IllegalStateException("no hub in this test");
        }, Optional.of(root), clock, Duration.ofHours(26), Optional.of(new RetentionPolicy(1, 0, 0)));

        HubView.SetView view = hub.setView(SET.value());

        RestorePointExplanation damaged = view.explanations().get(names.get(2));
        assertThat(damaged.damaged()).contains("sha256");
        assertThat(damaged.takesDown()).containsExactly(names.get(3), names.get(4));
        assertThat(view.explanations().get(names.get(1)).reasonTokens()).containsExactly("LATEST", "DAILY(2026-11-02)",
                "ANCESTOR_OF(" + names.get(4) + ")");
        assertThat(view.explanations().get(names.get(0)).becauseWords())
                .as("the newest kept point that needs it, here the damaged chain's newest, which is kept for the operator")
                .containsExactly("only because kept " + names.get(4) + " needs it in its chain");

        WebConfig config = WebConfig.from(ShellConfigParser.parse("web.conf", "WEB_LISTEN=127.0.0.1:0\n"),
                h -> h.equals("127.0.0.1"), p -> true);
        SecureRandom secure = new SecureRandom();
        WebUsers users = WebUsers.of(List.of(new WebUser("vic", Role.VIEWER,
                PasswordHash.create("vic-pw".toCharArray(), 1000, secure))));
        try (WebServer server = new WebServer(config, () -> users, new Sessions(config.sessionTimeout(), clock, secure),
                hub)) {
            String base = "http://127.0.0.1:" + server.start();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("user=vic&password=vic-pw")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/set?name="
                    + URLEncoder.encode(SET.value(), StandardCharsets.UTF_8))).header("Cookie", cookie).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<ul id=\"damaged\">\n<li class=\"CORRUPT\">" + names.get(2) + ": ")
                    .contains("it takes down 2 later point(s): " + names.get(3) + ", " + names.get(4) + "</li>")
                    .contains("KEEP_DAILY=1 KEEP_WEEKLY=0 KEEP_MONTHLY=0")
                    .contains("<td class=\"kept-because\">only because kept " + names.get(4) + " needs it in its chain</td>");
        }
    }

    private void store(StoreLayout layout, SnapshotName name, SnapshotName parent) throws Exception {
        StreamKind kind = parent == null ? StreamKind.FULL : StreamKind.INCR;
        StreamFileName file = StreamFileName.of(name, kind);
        byte[] content = new byte[100 + random.nextInt(400)];
        random.nextBytes(content);
        Files.write(layout.streamFile(SET, file), content);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        Manifest manifest = Manifest.stored(SET, name, kind, Optional.ofNullable(parent), content.length, sha256,
                Compression.ZSTD, name.time().plusSeconds(60));
        Files.writeString(layout.manifestFile(SET, name), ManifestWriter.write(manifest));
        names.add(name.value());
    }
}
