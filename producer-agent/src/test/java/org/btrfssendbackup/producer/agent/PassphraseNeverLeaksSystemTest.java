package org.btrfssendbackup.producer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import jakarta.jms.Connection;
import java.nio.file.Path;
import java.util.List;
import org.btrfssendbackup.broker.BrokerClient;
import org.btrfssendbackup.broker.BrokerFixture;
import org.btrfssendbackup.broker.EmbeddedBroker;
import org.btrfssendbackup.messages.EventCodec;
import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.messages.jms.QueueReader;
import org.btrfssendbackup.producer.testing.ConfigFiles;
import org.btrfssendbackup.producer.testing.ProducerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** design.md 7.1: the passphrase never appears in argv, child environments, logs, events or output. */
class PassphraseNeverLeaksSystemTest {

    @TempDir
    Path dir;

    @Test
    void noEventLogLineArgvOrOutputCarriesThePassphrase() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try (ProducerFixture f = ProducerFixture.create(dir, "SERVICES_TO_QUIESCE=(nginx)")) {
            AgentRuns.Result run = AgentRuns.run(f, f.tools(), dir.resolve("broker"), false);
            assertThat(run.exitStatus()).as(run.err()).isZero();

            String secret = ConfigFiles.PASSPHRASE;
            assertThat(run.out() + run.err()).doesNotContain(secret);
            assertThat(logs.list).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(secret));
            List<List<String>> argv = f.systemctl.allArgv();
            assertThat(argv).anyMatch(a -> a.get(0).equals("btrfs") && a.contains("send"));
            assertThat(argv).allSatisfy(a -> assertThat(String.join(" ", a)).doesNotContain(secret));
            List<String> audit = auditJson(dir.resolve("broker"));
            assertThat(audit).hasSizeGreaterThanOrEqualTo(6)
                    .allSatisfy(json -> assertThat(json).doesNotContain(secret));
            // Children get a scrubbed environment from the process runner; ours adds nothing to it.
            assertThat(System.getenv().values()).doesNotContain(secret);
        } finally {
            root.detachAppender(logs);
        }
    }

    private static List<String> auditJson(Path brokerRoot) throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker(BrokerFixture.settings(brokerRoot))) {
            broker.start();
            try (Connection c = new BrokerClient(broker.inVmUrl(), "operator", "operator-secret").connect()) {
                c.start();
                EventCodec codec = new EventCodec();
                return QueueReader.drainEvents(c, Topology.fullyQualified(Topology.AUDIT_QUEUE), 500).stream()
                        .map(codec::encode).toList();
            }
        }
    }
}
