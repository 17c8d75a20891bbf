package org.btrfssendbackup.broker;

import org.btrfssendbackup.core.net.LoopbackPorts;
import org.btrfssendbackup.messages.Topology;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.Session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone service: config file in, TCP acceptor on loopback, clean stop on SIGTERM. */
class BrokerMainTest {

    @Test
    void runsFromAConfigFileUntilSigtermAndKeepsWhatWasPublished(@TempDir Path root) throws Exception {
        BrokerSettings fixtureSettings = BrokerFixture.settings(root); // writes the password files
        int port = LoopbackPorts.free();
        Path config = root.resolve("broker.conf");
        Files.writeString(config, String.join("\n",
                "# broker service test",
                "BROKER_NAME=main-test",
                "BROKER_DATA_DIR=" + fixtureSettings.dataDirectory(),
                "BROKER_PASSWORD_DIR=\"" + fixtureSettings.users().get(0).passwordFile().getParent() + "\"",
                "BROKER_TCP_ACCEPTOR=127.0.0.1:" + port,
                "BROKER_REDELIVERY_DELAY=1s",
                ""));
        Path log = root.resolve("broker.log");
        Process process = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                BrokerMain.class.getName(), config.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitLogLine(log, "broker main-test started", Duration.ofSeconds(60));
            BrokerClient producer = new BrokerClient("tcp://127.0.0.1:" + port, "producer", "producer-secret");
            try (Connection connection = producer.connect()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                session.createProducer(session.createTopic(Topology.EVENTS_ADDRESS))
                        .send(BrokerFixture.event(session, "over-tcp", "BackupRequested", "home", "{}"));
            }
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            // 143 = 128 + SIGTERM, what the JVM reports after its shutdown hooks ran (systemd: SuccessExitStatus=143).
            assertThat(process.exitValue()).isEqualTo(143);
            assertThat(Files.readString(log)).contains("broker main-test stopped");
        } finally {
            process.destroyForcibly();
        }
        try (BrokerFixture again = BrokerFixture.start(fixtureSettings);
             Connection connection = again.client(BrokerRole.PRODUCER).connect()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            Message message = session.createConsumer(session.createQueue(
                    Topology.fullyQualified(Topology.PRODUCER_AGENT_QUEUE.name()))).receive(5_000);
            assertThat(message).isNotNull();
            assertThat(message.getStringProperty("_AMQ_DUPL_ID")).isEqualTo("over-tcp");
            session.commit();
        }
    }

    @Test
    void aBadConfigExitsWithStatus2AndNamesTheKey(@TempDir Path root) throws Exception {
        Path config = root.resolve("broker.conf");
        Files.writeString(config, "BROKER_MAX_DELIVERY_ATTEMPTS=never\n");
        Process process = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                BrokerMain.class.getName(), "-c", config.toString()))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).contains(config + ":1: BROKER_MAX_DELIVERY_ATTEMPTS=never");
    }

    @Test
    void aConfigSyntaxErrorExitsWithStatus2AndNamesFileAndLine(@TempDir Path root) throws Exception {
        Path config = root.resolve("broker.conf");
        Files.writeString(config, "BROKER_NAME=hub\nBROKER_DATA_DIR=`pwd`\n");
        Process process = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                BrokerMain.class.getName(), config.toString()))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).startsWith("broker: " + config + ":2: BROKER_DATA_DIR: ").hasLineCount(1);
    }

    private static void awaitLogLine(Path log, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no \"" + text + "\" in " + log + " within " + timeout + ":\n"
                + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }
}
