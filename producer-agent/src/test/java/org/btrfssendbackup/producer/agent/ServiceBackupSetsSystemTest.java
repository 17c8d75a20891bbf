package org.btrfssendbackup.producer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.btrfssendbackup.broker.BrokerFixture;
import org.btrfssendbackup.core.config.BackupSets;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.core.config.ShellConfigParser;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.btrfssendbackup.messages.jms.EventPublisher;
import org.btrfssendbackup.producer.broker.BrokerConnection;
import org.btrfssendbackup.producer.state.RunLock;
import org.btrfssendbackup.producer.state.RunMarker;
import org.btrfssendbackup.producer.steps.RunObserver;
import org.btrfssendbackup.producer.testing.ProducerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service with two backup sets: one agent on the one producer-agent queue; a request naming
 * a set runs that set only, the timer's request runs every set, each with its own marker, and a
 * request naming no set (the console's run --host) runs every set too.
 * Real btrfs, gpg and Artemis; the test uploader in place of ssh.
 */
class ServiceBackupSetsSystemTest {

    static final String ROOTFS = "prod-srv/rootfs";
    static final String HOME = "prod-srv/home";

    @TempDir
    Path dir;

    @Test
    void aRequestNamingASetRunsOnlyThatSetAndTheTimerOrARequestNamingNoSetRunsEverySet() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir);
             BrokerConnection broker = BrokerConnection.embedded(BrokerFixture.settings(dir.resolve("broker")))) {
            f.runner.run(CommandLine.of("btrfs", "subvolume", "create", f.fs.mountPoint().resolve("@home").toString()));
            Files.writeString(f.fs.mountPoint().resolve("@home/notes.txt"), "home\n");
            Path prodConf = dir.resolve("prod.conf");
            List<BackupSets.BackupSet> sets = BackupSets.from(ShellConfigParser.parse(prodConf), List.of(
                    ShellConfigParser.parse("10-rootfs.conf", "BACKUP_SET=" + ROOTFS + "\n"),
                    ShellConfigParser.parse("20-home.conf", "BACKUP_SET=" + HOME + "\nSOURCE_SUBVOL=@home\n"
                            + "SNAPSHOT_PREFIX=prod-srv-home\nSTATE_FILE=" + dir.resolve("state/home-sent") + "\n")),
                    p -> true);
            ProducerConfig rootfs = sets.get(0).config();
            ProducerConfig home = sets.get(1).config();
            Map<String, RunMarker> markers = new LinkedHashMap<>();
            markers.put(ROOTFS, new RunMarker(rootfs.stateFile()));
            markers.put(HOME, new RunMarker(home.stateFile()));
            ServiceRuns runs = new ServiceRuns(markers, rootfs.lockFile(), f.clock);
            List<EventEnvelope> events = new CopyOnWriteArrayList<>();
            RunObserver recording = new RunObserver() {
                @Override
                public void onEvent(EventEnvelope event) {
                    events.add(event);
                    runs.onEvent(event);
                }
            };

            try (ProducerAgent agent = runs.attach(ProducerAgent.start(List.of(
                    new ProducerAgent.SetTools(rootfs, f.tools()), new ProducerAgent.SetTools(home, f.tools())),
                    broker.connectionFactory(), new RunLock(rootfs.lockFile(), f.clock), AgentRuns.FAST_STEPS,
                    recording))) {
                assertThat(agent.backupSets()).containsExactly(ROOTFS, HOME);

                String homeOnly = agent.requestBackup(HOME, EventEnvelope.newRunId(), "console", "operator", false)
                        .runId();
                waitUntil(Duration.ofMinutes(2), () -> completed(events, homeOnly) != null);
                assertThat(completed(events, homeOnly).snapshot()).startsWith("prod-srv-home-");
                assertThat(events).filteredOn(e -> homeOnly.equals(e.runId()))
                        .allSatisfy(e -> assertThat(e.backupSet()).isEqualTo(HOME));
                assertThat(events).noneMatch(e -> ROOTFS.equals(e.backupSet()));

                f.clock.advance(Duration.ofMinutes(1));
                runs.requestScheduledBackup("test");
                String rootfsRun = markers.get(ROOTFS).read().orElseThrow().runId();
                String homeRun = markers.get(HOME).read().orElseThrow().runId();
                waitUntil(Duration.ofMinutes(2), () -> completed(events, rootfsRun) != null
                        && completed(events, homeRun) != null);
                assertThat(completed(events, rootfsRun).snapshot()).startsWith("prod-srv-rootfs-");
                assertThat(completed(events, homeRun).parent()).as("home's own chain")
                        .isEqualTo(completed(events, homeOnly).snapshot());
                assertThat(events).filteredOn(e -> rootfsRun.equals(e.runId()))
                        .allSatisfy(e -> assertThat(e.backupSet()).isEqualTo(ROOTFS));
                waitUntil(Duration.ofSeconds(10), () -> !markers.get(ROOTFS).file().toFile().exists()
                        && !markers.get(HOME).file().toFile().exists());

                // The console's run --host prod-srv (no --set): one request naming no set runs every set.
                f.clock.advance(Duration.ofMinutes(1));
                EventEnvelope everySet = EventEnvelope.create(f.clock, new BackupRequested("ops-console", "operator",
                        false), "prod-srv", null, EventEnvelope.newRunId(), null);
                try (Connection console = broker.connectionFactory().createConnection()) {
                    new EventPublisher(console.createSession(false, Session.AUTO_ACKNOWLEDGE)).publish(everySet);
                }
                List<String> perSet = HostWideRequest.perSet(everySet, List.of(ROOTFS, HOME)).stream()
                        .map(EventEnvelope::runId).toList();
                waitUntil(Duration.ofMinutes(2), () -> perSet.stream().allMatch(run -> completed(events, run) != null));
                assertThat(completed(events, perSet.get(0)).snapshot()).startsWith("prod-srv-rootfs-");
                assertThat(completed(events, perSet.get(1)).snapshot()).startsWith("prod-srv-home-");
            }
        }
    }

    private static BackupCompleted completed(List<EventEnvelope> events, String runId) {
        return events.stream().filter(e -> runId.equals(e.runId()) && e.payload() instanceof BackupCompleted)
                .map(e -> (BackupCompleted) e.payload()).findFirst().orElse(null);
    }

    private static void waitUntil(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within " + limit).isLessThan(end);
            Thread.sleep(50);
        }
    }
}
