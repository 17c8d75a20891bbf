package org.btrfssendbackup.producer.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.btrfssendbackup.core.tools.CliBtrfs;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.btrfssendbackup.messages.event.ServicesQuiesced;
import org.btrfssendbackup.messages.event.ServicesResumed;
import org.btrfssendbackup.messages.event.SnapshotCreated;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.messages.event.ServiceRestartFailed;
import org.btrfssendbackup.messages.jms.PermanentStepException;
import org.btrfssendbackup.producer.testing.ProducerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot step on a real loop btrfs, with the FAKE systemctl. */
class SnapshotStepSystemTest {

    @TempDir
    Path dir;

    static EventEnvelope request(boolean forceFull) {
        return EventEnvelope.create(new BackupRequested("cli", "root", forceFull), "prod-srv", "prod-srv/rootfs",
                EventEnvelope.newRunId(), null);
    }

    static SnapshotCreated created(List<EventEnvelope> followUps) {
        assertThat(followUps).hasSize(1);
        return (SnapshotCreated) followUps.get(0).payload();
    }

    @Test
    void createsAReadOnlySnapshotNamedByUtcTimeWithServicesStoppedAroundIt() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir, "SERVICES_TO_QUIESCE=(nginx mysql)")) {
            EventEnvelope trigger = request(false);
            SnapshotCreated c = created(new SnapshotStep(f.runtime()).handle(trigger, (BackupRequested) trigger.payload()));

            assertThat(c.snapshot()).isEqualTo("prod-srv-rootfs-20260301T020500Z");
            Path snapshot = f.snapshotDir().resolve(c.snapshot());
            assertThat(new CliBtrfs(f.runner).isReadOnly(snapshot)).isTrue();
            assertThat(snapshot.resolve("hello.txt")).hasContent("hello");
            assertThat(c.kind()).isEqualTo(SnapshotKind.FULL);
            assertThat(c.parent()).isNull();
            assertThat(verbs(f)).containsExactly("show", "show", "systemd-run", "stop", "start", "is-active", "stop");
            assertThat(f.systemctl.calls().get(3)).contains("nginx", "mysql");
            assertThat(f.facts).extracting(e -> e.payload().getClass().getSimpleName())
                    .containsExactly("ServicesQuiesced", "ServicesResumed");
            assertThat(f.facts).allMatch(e -> trigger.runId().equals(e.runId()));
        }
    }

    @Test
    void aRedeliveredRequestOfTheSameRunReusesTheSnapshotWithoutStoppingServicesAgain() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir, "SERVICES_TO_QUIESCE=(nginx)")) {
            EventEnvelope trigger = request(false);
            SnapshotStep step = new SnapshotStep(f.runtime());
            SnapshotCreated first = created(step.handle(trigger, (BackupRequested) trigger.payload()));
            f.clock.advance(Duration.ofMinutes(1));
            SnapshotCreated again = created(step.handle(trigger, (BackupRequested) trigger.payload()));

            assertThat(again.snapshot()).isEqualTo(first.snapshot());
            assertThat(verbs(f)).containsExactly("show", "systemd-run", "stop", "start", "is-active", "stop");
            try (var entries = Files.list(f.snapshotDir())) {
                assertThat(entries).hasSize(1);
            }
        }
    }

    @Test
    void servicesAreStartedAgainAndTheWindowReportedWhenTheSnapshotFails() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir, "SERVICES_TO_QUIESCE=(nginx postgresql)")) {
            // A file where the snapshot goes makes btrfs fail after the services were stopped (a missing
            // source is refused before they are: see below).
            Files.createDirectories(f.snapshotDir());
            Path inTheWay = Files.writeString(f.snapshotDir().resolve("prod-srv-rootfs-20260301T020500Z"), "x");
            EventEnvelope trigger = request(false);

            assertThatThrownBy(() -> new SnapshotStep(f.runtime()).handle(trigger, (BackupRequested) trigger.payload()))
                    .hasMessageContaining("snapshot");

            assertThat(verbs(f)).containsExactly("show", "show", "systemd-run", "stop", "start", "is-active", "stop");
            assertThat(f.facts).hasSize(2);
            ServicesQuiesced quiesced = (ServicesQuiesced) f.facts.get(0).payload();
            ServicesResumed resumed = (ServicesResumed) f.facts.get(1).payload();
            assertThat(quiesced.services()).containsExactly("nginx", "postgresql");
            assertThat(resumed.stoppedAt()).isEqualTo(quiesced.stoppedAt());
            assertThat(resumed.resumedAt()).isAfterOrEqualTo(quiesced.stoppedAt());
            assertThat(resumed.failedToStart()).isEmpty();
            try (var entries = Files.list(f.snapshotDir())) {
                assertThat(entries).containsExactly(inTheWay);
            }
        }
    }

    @Test
    void aMissingSourceSubvolumeIsPermanentAndStopsNoService() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir, "SERVICES_TO_QUIESCE=(nginx postgresql)")) {
            new org.btrfssendbackup.core.process.LocalProcessRunner().run(org.btrfssendbackup.core.process.CommandLine.of(
                    "btrfs", "subvolume", "delete", f.config.sourceSubvolume().toString()));
            EventEnvelope trigger = request(false);

            assertThatThrownBy(() -> new SnapshotStep(f.runtime()).handle(trigger, (BackupRequested) trigger.payload()))
                    .isInstanceOf(PermanentStepException.class)
                    .hasMessageContaining(f.config.sourceSubvolume() + ": the source subvolume does not exist");

            assertThat(verbs(f)).doesNotContain("stop", "systemd-run");
            assertThat(f.facts).isEmpty();
        }
    }

    /** systemctl's verb per call, "systemd-run" for systemd-run. */
    static List<String> verbs(ProducerFixture f) {
        return f.systemctl.calls().stream().map(argv -> argv.get(0).equals("systemd-run") ? "systemd-run" : argv.get(1))
                .toList();
    }

    @Test
    void aServiceThatDoesNotStartAgainDoesNotStopTheBackupButIsReported() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir, "SERVICES_TO_QUIESCE=(nginx mysql)")) {
            f.systemctl.failToStart("mysql");
            EventEnvelope trigger = request(false);

            SnapshotCreated c = created(new SnapshotStep(f.runtime()).handle(trigger, (BackupRequested) trigger.payload()));

            assertThat(f.snapshotDir().resolve(c.snapshot())).isDirectory();
            assertThat(f.facts).extracting(e -> e.type())
                    .containsExactly("ServicesQuiesced", "ServicesResumed", "ServiceRestartFailed");
            ServicesResumed resumed = (ServicesResumed) f.facts.get(1).payload();
            assertThat(resumed.failedToStart()).containsExactly("mysql");
            ServiceRestartFailed failed = (ServiceRestartFailed) f.facts.get(2).payload();
            assertThat(failed.units()).containsExactly("mysql");
            assertThat(failed.states()).containsEntry("mysql", "failed");
            assertThat(f.facts.get(2).runId()).isEqualTo(trigger.runId());
        }
    }

    @Test
    void aMissingServiceFailsPermanentlyNamingTheConfigLineAndNothingIsStopped() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir, "SERVICES_TO_QUIESCE=(nginx nginz)")) {
            f.systemctl.loadState("nginz", "not-found");
            EventEnvelope trigger = request(false);

            assertThatThrownBy(() -> new SnapshotStep(f.runtime()).handle(trigger, (BackupRequested) trigger.payload()))
                    .isInstanceOf(PermanentStepException.class)
                    .hasMessageContaining("SERVICES_TO_QUIESCE (" + f.config.origins().get("SERVICES_TO_QUIESCE") + ")")
                    .hasMessageContaining("prod.conf:")
                    .hasMessageContaining("nginz (LoadState not-found)");

            assertThat(verbs(f)).containsExactly("show", "show");
            assertThat(f.facts).isEmpty();
            try (var entries = Files.list(f.snapshotDir())) {
                assertThat(entries).isEmpty();
            }
        }
    }

    @Test
    void aFullProdDiskIsAPermanentFailureAndTheServicesAreStartedAgainFirst() throws Exception {
        try (ProducerFixture f = ProducerFixture.createMixed(dir, 128L * 1024 * 1024, "SERVICES_TO_QUIESCE=(nginx)")) {
            Files.createDirectories(f.snapshotDir());
            fill(f.config.sourceSubvolume().resolve("filler"));
            EventEnvelope trigger = request(false);

            assertThatThrownBy(() -> new SnapshotStep(f.runtime()).handle(trigger, (BackupRequested) trigger.payload()))
                    .isInstanceOf(PermanentStepException.class)
                    .hasMessageStartingWith("no space left on prod-srv's btrfs to snapshot " + f.config.sourceSubvolume())
                    .hasMessageContaining("btrfs subvolume snapshot -r");

            assertThat(verbs(f)).containsExactly("show", "systemd-run", "stop", "start", "is-active", "stop");
            assertThat(f.systemctl.isRunning("nginx")).isTrue();
            assertThat(f.facts).extracting(e -> e.type()).containsExactly("ServicesQuiesced", "ServicesResumed");
        }
    }

    /** Writes until the filesystem is full (ENOSPC), keeping what was written. */
    private static void fill(Path file) throws IOException {
        byte[] chunk = new byte[1 << 20];
        new java.util.Random(1).nextBytes(chunk);
        try (var out = Files.newOutputStream(file)) {
            for (int i = 0; i < 4096; i++) {
                out.write(chunk);
            }
        } catch (IOException full) {
            assertThat(full).hasMessageContaining("No space left on device");
            return;
        }
        throw new IllegalStateException("the filesystem never filled up");
    }
}
