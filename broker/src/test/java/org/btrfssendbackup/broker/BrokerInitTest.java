package org.btrfssendbackup.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.btrfssendbackup.core.config.ConfigFile;
import org.btrfssendbackup.core.config.ShellConfigParser;
import org.btrfssendbackup.core.net.LoopbackPorts;
import org.btrfssendbackup.messages.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code btrfs-backup-broker init} on real files: what it makes, with which modes, that a second
 * run keeps every file byte for byte, and that a broker started from the same config accepts a
 * producer that has nothing but its bundle.
 */
class BrokerInitTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void createsPasswordsTlsAndBundlesThenKeepsThemAndABrokerAcceptsTheBundle(@TempDir Path root) throws Exception {
        int port = LoopbackPorts.free();
        Path etc = root.resolve("etc");
        Files.createDirectories(etc);
        Path config = etc.resolve("broker.conf");
        Files.writeString(config, String.join("\n",
                "BROKER_NAME=init-test",
                "BROKER_IN_VM_ID=4711",
                "BROKER_DATA_DIR=" + root.resolve("data"),
                "BROKER_PASSWORD_DIR=" + etc.resolve("broker"),
                "BROKER_USERS=\"web1:producer producer:producer receiver:receiver pruner:pruner operator:operator\"",
                "BROKER_TCP_ACCEPTOR=127.0.0.1:" + port,
                "BROKER_TLS_KEYSTORE=" + etc.resolve("broker-keystore.p12"),
                "BROKER_TLS_KEYSTORE_PASSWORD_FILE=" + etc.resolve("broker-keystore.password"),
                ""));
        Path bundles = root.resolve("bundles");
        String[] init = {"init", "-c", config.toString(), "--hub-host", "localhost", "--producer-host", "web2",
            "--bundle-dir", bundles.toString(), "--json"};

        JsonNode first = run(init);
        assertThat(outcomes(first)).containsOnly("created");
        assertThat(paths(first)).contains(etc.resolve("broker/web1.password").toString(), etc.resolve("broker/operator.password").toString(),
                etc.resolve("broker-keystore.p12").toString(), etc.resolve("broker-truststore.p12").toString(),
                etc.resolve("broker-ca.pem").toString(), bundles.resolve("web1/broker-password").toString(),
                bundles.resolve("web2/prod.conf.snippet").toString());
        // web1 is bound in BROKER_USERS; web2 is not, so its bundle uses the shared user, and init says so.
        assertThat(first.get("notes").toString()).contains("web2").contains("web2:producer");
        for (String secret : List.of("broker/web1.password", "broker/operator.password", "broker-keystore.password",
                "broker-keystore.p12")) {
            assertThat(mode(etc.resolve(secret))).as(secret).isEqualTo("rw-------");
        }
        assertThat(mode(etc.resolve("broker"))).isEqualTo("rwx------");
        assertThat(mode(bundles.resolve("web1"))).isEqualTo("rwx------");
        assertThat(mode(bundles.resolve("web1/broker-password"))).isEqualTo("rw-------");
        assertThat(mode(etc.resolve("broker-truststore.p12"))).isEqualTo("rw-r--r--");
        assertThat(Files.readString(bundles.resolve("web1/broker-password"))).isEqualTo(Files.readString(etc.resolve("broker/web1.password")));
        assertThat(Files.readString(bundles.resolve("web2/broker-password"))).isEqualTo(Files.readString(etc.resolve("broker/producer.password")));

        Map<Path, String> before = contents(root);
        JsonNode second = run(init);
        assertThat(outcomes(second)).containsOnly("kept");
        assertThat(paths(second)).containsExactlyElementsOf(paths(first));
        assertThat(contents(root)).isEqualTo(before);

        BrokerSettings settings = BrokerSettings.fromMap(BrokerConfigFile.read(config).values(), config.toString());
        ConfigFile snippet = ShellConfigParser.parse(bundles.resolve("web1/prod.conf.snippet"));
        assertThat(snippet.entries().get("BROKER_USER").scalar()).isEqualTo("web1");
        assertThat(snippet.entries().get("BROKER_PASSWORD_FILE").scalar()).isEqualTo(BrokerInit.PRODUCER_PASSWORD_FILE.toString());
        String url = snippet.entries().get("BROKER_URL").scalar();
        assertThat(url).isEqualTo("tcp://localhost:" + port + "?sslEnabled=true;trustStorePath=" + BrokerInit.PRODUCER_TRUST_STORE);
        // As on web1 after copying the bundle, but the trust store stays where the test can read it.
        String copiedUrl = url.replace(BrokerInit.PRODUCER_TRUST_STORE.toString(), bundles.resolve("web1/broker-truststore.p12").toString());
        String password = PasswordFile.read(bundles.resolve("web1/broker-password"));
        try (BrokerFixture hub = BrokerFixture.start(settings)) {
            try (Connection connection = new BrokerClient(copiedUrl, "web1", password).connect()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                TextMessage event = BrokerFixture.event(session, "from-web1", "BackupRequested", "web1/rootfs", "{}");
                event.setStringProperty(Topology.PROPERTY_HOST, "web1");
                session.createProducer(session.createTopic(Topology.EVENTS_ADDRESS)).send(event);
            }
            BrokerClient operator = new BrokerClient(settings.inVmUrl(), "operator", PasswordFile.read(etc.resolve("broker/operator.password")));
            try (BrokerManagement management = BrokerManagement.connect(operator)) {
                assertThat(management.invokeForLong(BrokerManagement.queueResource(Topology.AUDIT_QUEUE), "countMessages")).isEqualTo(1);
            }
        }
    }

    @Test
    void withoutTlsInTheConfigInitStillMakesTheKeyPairBesideItAndSaysWhatToAdd(@TempDir Path root) throws Exception {
        Path config = root.resolve("broker.conf");
        Files.writeString(config, "BROKER_PASSWORD_DIR=" + root.resolve("passwords") + "\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = BrokerMain.execute(new String[] {"init", "-c", config.toString(), "--hub-host", "backup-srv",
            "--bundle-dir", root.resolve("bundles").toString()}, new PrintStream(out, true), System.err);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(text).isZero();
        assertThat(root.resolve(HubTlsFiles.KEY_STORE_NAME)).exists();
        assertThat(root.resolve("passwords/operator.password")).exists();
        assertThat(text).contains("created  the password of broker user operator")
                .contains("add BROKER_TCP_ACCEPTOR=0.0.0.0:61617, BROKER_TLS_KEYSTORE=" + root.resolve(HubTlsFiles.KEY_STORE_NAME));
        assertThat(root.resolve("bundles")).doesNotExist(); // no producer host: no bundle
    }

    @Test
    void theBrokersFilesGoToItsUserAndTheBundlesStayRoots(@TempDir Path root) throws Exception {
        org.btrfssendbackup.core.testing.SystemTests.assumeRoot();
        // "nobody" stands in for btrfs-backup-broker, which this machine does not have
        var nobody = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Path config = root.resolve("broker.conf");
        Files.writeString(config, "BROKER_PASSWORD_DIR=" + root.resolve("passwords") + "\n"
                + "BROKER_USERS=\"web1:producer pruner:pruner operator:operator\"\n");
        // a password made earlier by root is kept, content and mode, and handed over
        Files.createDirectories(root.resolve("passwords"));
        BrokerFixture.writePassword(root.resolve("passwords/operator.password"), "chosen-by-hand");
        Files.setPosixFilePermissions(root.resolve("passwords/operator.password"), PosixFilePermissions.fromString("r--------"));
        BrokerSettings settings = BrokerSettings.fromConfigFile(config, w -> { });
        BrokerInit.Result result = new BrokerInit(settings, config, new org.btrfssendbackup.core.process.LocalProcessRunner(),
                java.util.Optional.of(nobody), "backup-srv", root.resolve("bundles")).run(List.of());
        assertThat(result.owner()).isEqualTo("nobody");
        for (String file : List.of("passwords", "passwords/web1.password", "passwords/operator.password",
                HubTlsFiles.KEY_STORE_NAME, HubTlsFiles.KEY_STORE_PASSWORD_NAME)) {
            assertThat(Files.getOwner(root.resolve(file)).getName()).as(file).isEqualTo("nobody");
        }
        assertThat(Files.readString(root.resolve("passwords/operator.password"))).isEqualTo("chosen-by-hand\n");
        assertThat(mode(root.resolve("passwords/operator.password"))).isEqualTo("r--------");
        assertThat(Files.getOwner(root.resolve("bundles/web1/broker-password")).getName()).isEqualTo("root");
        assertThat(result.notes()).noneMatch(note -> note.contains("no system user"));
    }

    private static JsonNode run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BrokerMain.execute(args, new PrintStream(out, true), new PrintStream(err, true));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return JSON.readTree(out.toString(StandardCharsets.UTF_8));
    }

    private static List<String> outcomes(JsonNode document) {
        return Stream.of(document.get("files")).flatMap(files -> java.util.stream.StreamSupport.stream(files.spliterator(), false))
                .map(file -> file.get("outcome").asText()).distinct().toList();
    }

    private static List<String> paths(JsonNode document) {
        return java.util.stream.StreamSupport.stream(document.get("files").spliterator(), false)
                .map(file -> file.get("path").asText()).toList();
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    /** Every file below {@code root} except the broker's data, with its content (Base64 for binary files). */
    private static Map<Path, String> contents(Path root) throws Exception {
        Map<Path, String> contents = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.startsWith(root.resolve("data"))).toList()) {
                contents.put(file, java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
            }
        }
        return contents;
    }
}
