package org.btrfssendbackup.producer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import jakarta.jms.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.btrfssendbackup.broker.BrokerClient;
import org.btrfssendbackup.broker.BrokerFixture;
import org.btrfssendbackup.broker.EmbeddedBroker;
import org.btrfssendbackup.messages.EventCodec;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.BackupMode;
import org.btrfssendbackup.messages.event.StreamSent;
import org.btrfssendbackup.messages.jms.QueueReader;
import org.btrfssendbackup.producer.testing.RemoteBtrfsFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * BACKUP_MODE=remote-btrfs through the real embedded broker, real btrfs on both sides, the
 * backup-srv stand-in receiving for real: the events, the broker's retries with a LUKS window
 * closed after every attempt, and the LUKS key in no log line, event, output or argv.
 */
class RemoteBtrfsRunSystemTest {

    static final String SET = "prod-srv/rootfs";
    static final String DAY1 = "prod-srv-rootfs-20260301T020500Z";
    static final String DAY2 = "prod-srv-rootfs-20260302T020500Z";

    @TempDir
    Path dir;

    @Test
    void fullThenIncrementalWithRemoteBtrfsEventsAndTheKeyNowhere() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try (RemoteBtrfsFixture f = RemoteBtrfsFixture.create(dir, "SERVICES_TO_QUIESCE=(nginx)")) {
            AgentRuns.Result first = AgentRuns.run(f.prod, f.tools(), dir.resolve("broker"), false);
            assertThat(first.exitStatus()).as(first.err()).isZero();
            assertThat(first.out()).contains("SnapshotCreated", "StreamSent", "BackupCompleted", DAY1 + " (full)",
                    "received and confirmed");

            Files.writeString(f.prod.config.sourceSubvolume().resolve("hello.txt"), "changed\n");
            f.prod.clock.advance(Duration.ofDays(1));
            AgentRuns.Result second = AgentRuns.run(f.prod, f.tools(), dir.resolve("broker"), true);
            assertThat(second.exitStatus()).as(second.err()).isZero();
            assertThat(second.out().trim()).startsWith("{\"status\":\"ok\"").contains("\"kind\":\"incr\"",
                    "\"parent\":\"" + DAY1 + "\"");
            assertThat(f.prod.stateFile()).hasContent(DAY2);
            assertThat(f.received(DAY2).resolve("hello.txt")).hasContent("changed");
            assertThat(f.remote.calls()).filteredOn("open-luks"::equals).hasSize(2);
            assertThat(f.remote.calls()).filteredOn("close-luks"::equals).hasSize(2);

            List<EventEnvelope> audit = audit(dir.resolve("broker"));
            assertThat(audit).filteredOn(e -> e.payload() instanceof StreamSent).hasSize(2)
                    .allMatch(e -> ((StreamSent) e.payload()).mode() == BackupMode.REMOTE_BTRFS);
            assertThat(audit).filteredOn(e -> e.payload() instanceof BackupCompleted).hasSize(2)
                    .allMatch(e -> ((BackupCompleted) e.payload()).mode() == BackupMode.REMOTE_BTRFS);
            assertThat(audit).extracting(EventEnvelope::type).doesNotContain("PruneRequested");

            String secret = RemoteBtrfsFixture.LUKS_KEY.lines().findFirst().orElseThrow();
            assertThat(first.out() + first.err() + second.out() + second.err()).doesNotContain(secret);
            assertThat(logs.list).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(secret));
            EventCodec codec = new EventCodec();
            assertThat(audit).hasSizeGreaterThanOrEqualTo(8)
                    .allSatisfy(e -> assertThat(codec.encode(e)).doesNotContain(secret));
            assertThat(f.prod.systemctl.allArgv()).anyMatch(a -> a.contains("receive"))
                    .allSatisfy(a -> assertThat(String.join(" ", a)).doesNotContain(secret));
        } finally {
            root.detachAppender(logs);
        }
    }

    @Test
    void aCutStreamIsRetriedByTheBrokerEachAttemptClosingLuksAndTheStateStays() throws Exception {
        try (RemoteBtrfsFixture f = RemoteBtrfsFixture.create(dir)) {
            assertThat(AgentRuns.run(f.prod, f.tools(), dir.resolve("broker"), false).exitStatus()).isZero();
            f.remote.cutOffAfter(100);
            f.prod.clock.advance(Duration.ofDays(1));

            AgentRuns.Result failed = AgentRuns.run(f.prod, f.tools(), dir.resolve("broker"), false);

            assertThat(failed.exitStatus()).isEqualTo(1);
            assertThat(failed.err()).contains("backup failed", "attempt 3 of 3", "cut off", "dead-lettered");
            assertThat(f.prod.stateFile()).hasContent(DAY1);
            assertThat(f.received(DAY2)).doesNotExist();
            List<String> calls = f.remote.calls();
            assertThat(calls).filteredOn(c -> c.startsWith("receive ")).hasSize(1 + 3);
            assertThat(calls).filteredOn("open-luks"::equals).hasSize(4);
            assertThat(calls).filteredOn("close-luks"::equals).hasSize(4);
            assertThat(calls).last().isEqualTo("close-luks");
            assertThat(f.remote.isOpen()).isFalse();
        }
    }

    private static List<EventEnvelope> audit(Path brokerRoot) throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker(BrokerFixture.settings(brokerRoot))) {
            broker.start();
            try (Connection c = new BrokerClient(broker.inVmUrl(), "operator", "operator-secret").connect()) {
                c.start();
                return QueueReader.drainEvents(c, Topology.fullyQualified(Topology.AUDIT_QUEUE), 500);
            }
        }
    }
}
