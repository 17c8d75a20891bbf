package org.btrfssendbackup.producer.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.btrfssendbackup.producer.quiesce.ServicesNotRestartedException;
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
            assertThat(f.systemctl.calls()).extracting(argv -> argv.get(1)).containsExactly("stop", "start");
            assertThat(f.systemctl.calls().get(0)).contains("nginx", "mysql");
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
            assertThat(f.systemctl.calls()).hasSize(2);
            try (var entries = Files.list(f.snapshotDir())) {
                assertThat(entries).hasSize(1);
            }
        }
    }

    @Test
    void servicesAreStartedAgainAndTheWindowReportedWhenTheSnapshotFails() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir, "SERVICES_TO_QUIESCE=(nginx postgresql)")) {
            new org.btrfssendbackup.core.process.LocalProcessRunner().run(org.btrfssendbackup.core.process.CommandLine.of(
                    "btrfs", "subvolume", "delete", f.config.sourceSubvolume().toString()));
            EventEnvelope trigger = request(false);

            assertThatThrownBy(() -> new SnapshotStep(f.runtime()).handle(trigger, (BackupRequested) trigger.payload()))
                    .hasMessageContaining("snapshot");

            assertThat(f.systemctl.calls()).extracting(argv -> argv.get(1)).containsExactly("stop", "start");
            assertThat(f.facts).hasSize(2);
            ServicesQuiesced quiesced = (ServicesQuiesced) f.facts.get(0).payload();
            ServicesResumed resumed = (ServicesResumed) f.facts.get(1).payload();
            assertThat(quiesced.services()).containsExactly("nginx", "postgresql");
            assertThat(resumed.stoppedAt()).isEqualTo(quiesced.stoppedAt());
            assertThat(resumed.resumedAt()).isAfterOrEqualTo(quiesced.stoppedAt());
            assertThat(resumed.failedToStart()).isEmpty();
            try (var entries = Files.list(f.snapshotDir())) {
                assertThat(entries).isEmpty();
            }
        }
    }

    @Test
    void aServiceThatDoesNotStartAgainFailsTheStepLoudly() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir, "SERVICES_TO_QUIESCE=(nginx mysql)")) {
            f.systemctl.failToStart("mysql");
            EventEnvelope trigger = request(false);

            assertThatThrownBy(() -> new SnapshotStep(f.runtime()).handle(trigger, (BackupRequested) trigger.payload()))
                    .isInstanceOf(ServicesNotRestartedException.class)
                    .hasMessageContaining("mysql").hasMessageContaining("systemctl start");

            ServicesResumed resumed = (ServicesResumed) f.facts.get(1).payload();
            assertThat(resumed.failedToStart()).containsExactly("mysql");
        }
    }
}
