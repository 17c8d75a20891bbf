package org.btrfssendbackup.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.jms.Connection;
import jakarta.jms.Session;

import org.btrfssendbackup.core.config.ShellConfigParser;
import org.btrfssendbackup.core.net.LoopbackPorts;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.messages.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's pair set-up with TLS: init on the primary makes the cluster password and a
 * certificate that names the peer too, the secrets are copied to the backup's paths, and the two
 * hubs (real Artemis, in this JVM) replicate over TLS until the backup is in sync; stopping the
 * primary hands over to the backup, which then holds what a client sent the primary.
 */
class HaPairInitTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void initMakesWhatThePairNeedsAndTheTwoReplicateOverTls(@TempDir Path root) throws Exception {
        int primaryPort = LoopbackPorts.free();
        int backupPort = LoopbackPorts.free();
        Path primaryConfig = config(root.resolve("a"), "pair-a", 4801, primaryPort, "primary", backupPort);
        Path backupConfig = config(root.resolve("b"), "pair-b", 4802, backupPort, "backup", primaryPort);

        BrokerSettings primarySettings = BrokerSettings.fromConfigFile(primaryConfig, w -> { });
        BrokerInit.Result result = new BrokerInit(primarySettings, primaryConfig, new LocalProcessRunner(), Optional.empty(),
                "127.0.0.1", root.resolve("bundles")).run(List.of("web1"));
        Path clusterPassword = root.resolve("a/etc/broker/cluster.password");
        assertThat(result.steps()).anySatisfy(step -> assertThat(step.toString()).contains(clusterPassword.toString()));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(clusterPassword))).isEqualTo("rw-------");
        assertThat(String.join("\n", result.notes())).contains("HA pair").contains("copy " + clusterPassword.getParent());
        String url = ShellConfigParser.parse(root.resolve("bundles/web1/prod.conf.snippet")).entries().get("BROKER_URL").scalar();
        assertThat(url).isEqualTo("(tcp://127.0.0.1:" + primaryPort + ",tcp://127.0.0.1:" + backupPort
                + ")?sslEnabled=true;trustStorePath=" + BrokerInit.PRODUCER_TRUST_STORE);

        // What the README says: copy the password directory and the TLS files to the peer, keeping modes.
        copyTree(root.resolve("a/etc"), root.resolve("b/etc"));
        BrokerSettings backupSettings = BrokerSettings.fromConfigFile(backupConfig, w -> { });

        EmbeddedBroker primary = new EmbeddedBroker(primarySettings);
        EmbeddedBroker backup = new EmbeddedBroker(backupSettings);
        try {
            primary.start();
            backup.start();
            awaitInSync(backup);
            String clientUrl = url.replace(BrokerInit.PRODUCER_TRUST_STORE.toString(),
                    root.resolve("a/etc/" + HubTlsFiles.TRUST_STORE_NAME).toString());
            String producerPassword = PasswordFile.read(root.resolve("a/etc/broker/producer.password"));
            try (Connection connection = new BrokerClient(clientUrl, "producer", producerPassword).connect()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                session.createProducer(session.createTopic(Topology.EVENTS_ADDRESS))
                        .send(BrokerFixture.event(session, "before-the-stop", "BackupCompleted", "home", "{}"));
            }
            primary.stop();
            BrokerClient operator = new BrokerClient(clientUrl, "operator",
                    PasswordFile.read(root.resolve("b/etc/broker/operator.password")));
            long deadline = System.nanoTime() + WAIT.toNanos();
            long count = -1;
            while (System.nanoTime() < deadline) {
                try (BrokerManagement management = BrokerManagement.connect(operator)) {
                    count = management.invokeForLong(BrokerManagement.queueResource(Topology.AUDIT_QUEUE), "countMessages");
                    break;
                } catch (RuntimeException notYetActive) {
                    Thread.sleep(200);
                }
            }
            assertThat(count).as("the backup's audit after the primary stopped").isEqualTo(1);
        } finally {
            backup.stop();
            primary.stop();
        }
    }

    private static Path config(Path dir, String name, int inVmId, int port, String role, int peerPort) throws Exception {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Path file = etc.resolve("broker.conf");
        Files.writeString(file, String.join("\n",
                "BROKER_NAME=" + name,
                "BROKER_IN_VM_ID=" + inVmId,
                "BROKER_DATA_DIR=" + dir.resolve("data"),
                "BROKER_PASSWORD_DIR=" + etc.resolve("broker"),
                "BROKER_TCP_ACCEPTOR=127.0.0.1:" + port,
                "BROKER_TLS_KEYSTORE=" + etc.resolve(HubTlsFiles.KEY_STORE_NAME),
                "BROKER_TLS_KEYSTORE_PASSWORD_FILE=" + etc.resolve(HubTlsFiles.KEY_STORE_PASSWORD_NAME),
                "BROKER_HA_ROLE=" + role,
                "BROKER_HA_PEER=127.0.0.1:" + peerPort,
                ""));
        return file;
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var files = Files.walk(from)) {
            for (Path source : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("broker.conf"))
                    .toList()) {
                Path target = to.resolve(from.relativize(source));
                Files.createDirectories(target.getParent(), PosixFilePermissions.asFileAttribute(
                        Files.getPosixFilePermissions(source.getParent())));
                Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static void awaitInSync(EmbeddedBroker backup) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!backup.haPairInSync()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the backup is not in sync with the primary after " + WAIT);
            }
            Thread.sleep(100);
        }
    }
}
