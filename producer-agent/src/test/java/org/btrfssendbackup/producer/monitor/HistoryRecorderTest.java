package org.btrfssendbackup.producer.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.btrfssendbackup.messages.event.BackupMode;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.core.metrics.RunHistory;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.producer.testing.ConfigFiles;
import org.btrfssendbackup.core.testing.ManualClock;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.EventPayload;
import org.btrfssendbackup.messages.event.ServiceRestartFailed;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.messages.event.StepFailed;
import org.btrfssendbackup.producer.steps.RunObserver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service's runs as STATE_FILE.history records them, from the events its agent emits. */
class HistoryRecorderTest {

    private static final Instant T = Instant.parse("2026-12-04T02:05:00Z");
    private static final String SET = "prod-srv/rootfs";

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T);
    private final List<EventEnvelope> passedOn = new ArrayList<>();

    private HistoryRecorder recorder(Path file) throws java.io.IOException {
        ProducerConfig config = ProducerConfig.load(ConfigFiles.prodConf(dir, Path.of("/mnt/btrfs-root"), dir));
        assertThat(HistoryFile.of(config)).isEqualTo(file);
        return new HistoryRecorder(Map.of(SET, config), "prod-srv", clock, new RunObserver() {
            @Override
            public void onEvent(EventEnvelope event) {
                passedOn.add(event);
            }
        }, new LocalProcessRunner(), w -> {
            throw new AssertionError(w);
        });
    }

    private static EventEnvelope event(EventPayload payload, String set, String runId) {
        return EventEnvelope.create(payload, "prod-srv", set, runId, null);
    }

    private static BackupCompleted completed(long bytes) {
        return new BackupCompleted("prod-srv-rootfs-20261204T020500Z", SnapshotKind.FULL, null,
                BackupMode.ENCRYPTED_STREAM, bytes, "0".repeat(64), T, 90_000);
    }

    private static StepFailed failed(boolean last) {
        return new StepFailed("producer-agent/send", 6, UUID.randomUUID(), "SnapshotCreated", "java.io.IOException",
                "ssh: Connection refused", true, last, 1);
    }

    @Test
    void aCompletedBackupIsASuccessAndOnlyAFinalStepFailureAFailure() throws Exception {
        Path file = dir.resolve("last-sent.history");
        HistoryRecorder recorder = recorder(file);
        recorder.onEvent(event(completed(4096), SET, "r1"));
        assertThat(HistoryFile.read(file)).isEqualTo(RunHistory.NONE.succeeded(T, Duration.ofSeconds(90), 4096));

        clock.advance(Duration.ofDays(1));
        recorder.onEvent(event(failed(false), SET, "r2"));
        assertThat(HistoryFile.read(file).lastFailure()).as("a retried attempt is not the run's end").isNull();
        recorder.onEvent(event(failed(true), SET, "r2"));
        RunHistory after = HistoryFile.read(file);
        assertThat(after.lastFailure()).contains("producer-agent/send", "Connection refused");
        assertThat(after.lastRun()).isEqualTo(clock.instant());
        assertThat(after.lastSuccess()).isEqualTo(T);
        assertThat(passedOn).hasSize(3);
    }

    @Test
    void aRunThatLeftServicesDownIsAFailureDespiteItsBackupCompleted() throws Exception {
        Path file = dir.resolve("last-sent.history");
        HistoryRecorder recorder = recorder(file);
        recorder.onEvent(event(ServiceRestartFailed.of(List.of("mysql.service"), Map.of("mysql.service", "failed"),
                null, T), SET, "r1"));
        recorder.onEvent(event(completed(10), SET, "r1"));
        RunHistory after = HistoryFile.read(file);
        assertThat(after.lastSuccess()).isNull();
        assertThat(after.lastFailure()).contains("services were left down");
    }

    @Test
    void anotherSetsEventsAreNotRecordedHere() throws Exception {
        Path file = dir.resolve("last-sent.history");
        recorder(file).onEvent(event(completed(1), "other/set", "r1"));
        assertThat(file).doesNotExist();
    }
}
