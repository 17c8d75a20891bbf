package org.btrfssendbackup.pruner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.btrfssendbackup.core.testing.RecordingAlertScript;
import org.btrfssendbackup.core.testing.ManualClock;
import org.btrfssendbackup.core.chain.RestorePoint;
import org.btrfssendbackup.core.config.ScrubSettings;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.metrics.AlertCommand;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.schedule.DailySchedule;
import org.btrfssendbackup.messages.jms.StepSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ALERT_COMMAND on backup-srv: a real scrub finds a damaged stored stream, and a recording script
 * is run once when the set turns CORRUPT, not again while the damage stays, once more when it recovers.
 */
class CorruptAlertTest {

    static final Instant NOW = ScrubberTest.NOW;

    @TempDir
    Path root;

    @TempDir
    Path dir;

    StoredSetFixture store;
    RestorePoint damaged;
    StreamFileName damagedFile;
    final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        store = new StoredSetFixture(root).daily(ScrubberTest.START, 20, 10);
        damaged = store.points.get(15);
        damagedFile = StreamFileName.of(SnapshotName.parse(damaged.name()), StreamKind.INCR);
        store.corrupt(damagedFile);
    }

    Path script(int exitStatus) throws IOException {
        return alert().write(exitStatus);
    }

    RecordingAlertScript alert() {
        return new RecordingAlertScript(dir);
    }

    List<String> calls() throws IOException {
        return alert().calls();
    }

    JsonNode stdin() throws IOException {
        return alert().stdin();
    }

    @Test
    void theServicesScrubTellsCorruptOnceStaysQuietWhileItLastsAndTellsTheRecovery() throws Exception {
        ManualClock clock = new ManualClock(NOW);  // scrubs a month apart
        PrunerServiceSettings settings = new PrunerServiceSettings(root, new org.btrfssendbackup.core.retention
                .RetentionPolicy(7, 4, 12), "backup-srv", new DailySchedule(LocalTime.of(4, 17), ZoneOffset.UTC),
                new ScrubSettings(Long.MAX_VALUE, 30, Duration.ofDays(7)), List.of(script(0).toString(), "--to-ops"));
        Pruner pruner = new Pruner(store.layout, new FileSystemDeleter(), clock, Duration.ofSeconds(2));
        try (PrunerService service = new PrunerService(settings, Optional.empty(), pruner, StepSettings.defaults(), clock)) {

            assertThat(service.scrub()).hasValueSatisfying(r -> assertThat(r.corrupt()).hasSize(1));
            assertThat(calls()).containsExactly("corrupt ok prod-srv/rootfs backup-srv --to-ops");
            JsonNode told = stdin();
            assertThat(told.get("status").asText()).isEqualTo("corrupt");
            assertThat(told.get("recovered").asBoolean()).isFalse();
            assertThat(told.get("corruptStreams").get(0).get("file").asText()).isEqualTo(damagedFile.value());
            assertThat(told.get("corruptStreams").get(0).get("problem").asText()).contains("sha256");
            assertThat(told.get("unrestorable").toString()).contains(store.points.get(15).name(),
                    store.points.get(19).name()).doesNotContain(store.points.get(14).name());

            clock.advance(Duration.ofDays(31));
            assertThat(service.scrub()).as("every stream is due again: the damage is found again")
                    .hasValueSatisfying(r -> assertThat(r.corrupt()).hasSize(1));
            assertThat(calls()).as("still CORRUPT: no news").hasSize(1);

            store.corrupt(damagedFile); // flips the same byte back: the file is intact again
            clock.advance(Duration.ofDays(31));
            assertThat(service.scrub()).hasValueSatisfying(r -> assertThat(r.corrupt()).isEmpty());
            assertThat(calls()).containsExactly("corrupt ok prod-srv/rootfs backup-srv --to-ops",
                    "ok corrupt prod-srv/rootfs backup-srv --to-ops");
            assertThat(stdin().get("recovered").asBoolean()).isTrue();
            assertThat(stdin().get("corruptStreams")).isEmpty();
        }
    }

    @Test
    void theOneShotScrubTellsCorruptOnceAndTheRecoveryWhenTheOperatorDeletedTheDamagedStreams() throws Exception {
        Path config = root.resolve("btrfs-backup-receive.conf");
        Files.writeString(config, "BACKUP_ROOT=" + root + "\nALERT_COMMAND=(" + script(0) + " --to-ops)\n");
        Map<String, String> env = Map.of("BTRFS_BACKUP_RECEIVE_CONFIG", config.toString());

        assertThat(scrub(env)).isEqualTo(PruneExitCodes.DAMAGED);
        assertThat(calls()).singleElement().asString().startsWith("corrupt ok prod-srv/rootfs ").endsWith(" --to-ops");
        assertThat(scrub(env)).as("the failed check is still the stream's last").isEqualTo(0);
        assertThat(calls()).as("still CORRUPT: no news").hasSize(1);

        for (RestorePoint point : store.points.subList(15, 20)) {
            Files.delete(store.layout.streamFile(StoredSetFixture.SET,
                    StreamFileName.of(SnapshotName.parse(point.name()), point.kind())));
            Files.delete(store.layout.manifestFile(StoredSetFixture.SET, SnapshotName.parse(point.name())));
        }
        assertThat(scrub(env)).isEqualTo(0);
        assertThat(calls()).hasSize(2).last().asString().startsWith("ok corrupt prod-srv/rootfs ");
        assertThat(warnings).isEmpty();
    }

    @Test
    void aFailingCommandIsAWarningAndIsTriedAgainAfterTheNextScrub() throws Exception {
        new Scrubber(store.layout, new ScrubSettings(Long.MAX_VALUE, 30, Duration.ofDays(7)), Clock.fixed(NOW,
                ZoneOffset.UTC)).scrub(Optional.empty());
        CorruptAlert alert = new CorruptAlert(store.layout, new AlertCommand(List.of(script(3).toString()),
                new LocalProcessRunner()), "backup-srv", Clock.fixed(NOW, ZoneOffset.UTC), warnings::add);

        assertThat(alert.check(Optional.empty())).isEmpty();
        assertThat(warnings).singleElement().asString().contains("ALERT_COMMAND for backup set prod-srv/rootfs",
                "exit", "3", "tried again after the next scrub");
        assertThat(alert.toldFile(StoredSetFixture.SET)).doesNotExist();

        alert.check(Optional.empty());
        assertThat(calls()).hasSize(2);
    }

    @Test
    void withoutAlertCommandNothingRunsAndNothingIsWritten() throws Exception {
        new Scrubber(store.layout, new ScrubSettings(Long.MAX_VALUE, 30, Duration.ofDays(7)), Clock.fixed(NOW,
                ZoneOffset.UTC)).scrub(Optional.empty());
        CorruptAlert alert = new CorruptAlert(store.layout, new AlertCommand(List.of(), new LocalProcessRunner()),
                "backup-srv", Clock.fixed(NOW, ZoneOffset.UTC), warnings::add);

        assertThat(alert.check(Optional.empty())).isEmpty();
        assertThat(alert.toldFile(StoredSetFixture.SET)).doesNotExist();
    }

    private int scrub(Map<String, String> env) {
        StringWriter err = new StringWriter();
        int status = PruneMain.run(new String[] {"scrub"}, env, new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        if (err.toString().contains("warning")) {
            warnings.add(err.toString());
        }
        return status;
    }
}
