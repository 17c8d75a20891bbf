package org.btrfssendbackup.producer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.BackupMode;
import org.btrfssendbackup.messages.event.EventPayload;
import org.btrfssendbackup.messages.event.ServiceRestartFailed;
import org.btrfssendbackup.messages.event.ServicesQuiesced;
import org.btrfssendbackup.messages.event.ServicesResumed;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.junit.jupiter.api.Test;

class RunVerdictTest {

    private static final Instant T = Instant.parse("2026-03-01T02:05:00Z");
    private static final BackupCompleted COMPLETED = new BackupCompleted("rootfs-20260301T020500Z", SnapshotKind.FULL,
            null, BackupMode.ENCRYPTED_STREAM, 10, "0".repeat(64), T, 100);

    private static EventEnvelope event(EventPayload payload) {
        return EventEnvelope.create(payload, "prod-srv", "prod-srv/rootfs", "run-1", null);
    }

    @Test
    void aCleanRunSucceeds() {
        List<EventEnvelope> timeline = List.of(event(new ServicesQuiesced(List.of("nginx"), T)),
                event(new ServicesResumed(List.of("nginx"), T, T, List.of())), event(COMPLETED));
        RunOutcome outcome = RunVerdict.completed(COMPLETED, timeline);
        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.failure()).isEmpty();
    }

    @Test
    void aServiceLeftDownFailsTheRunButKeepsTheBackupInTheOutcome() {
        List<EventEnvelope> timeline = List.of(event(new ServicesQuiesced(List.of("nginx", "mysql", "redis"), T)),
                event(ServiceRestartFailed.of(List.of("mysql", "redis"), Map.of("mysql", "failed", "redis", "inactive"),
                        "Job failed", T)),
                event(COMPLETED));
        RunOutcome outcome = RunVerdict.completed(COMPLETED, timeline);
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.completed()).contains(COMPLETED);
        assertThat(outcome.failure()).hasValueSatisfying(why -> assertThat(why)
                .startsWith("services mysql redis did not start again").contains("systemctl start mysql redis"));
    }
}
