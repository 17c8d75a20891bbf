package org.btrfssendbackup.ops.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.btrfssendbackup.broker.DeadLetter;
import org.btrfssendbackup.core.metrics.SetHealth;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.BackupMode;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.btrfssendbackup.messages.event.EventPayload;
import org.btrfssendbackup.messages.event.ServiceRestartFailed;
import org.btrfssendbackup.messages.event.StreamCorrupt;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.messages.event.RunAborted;
import org.btrfssendbackup.messages.event.StepFailed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusEvaluatorTest {

    private static final Instant NOW = Instant.parse("2024-05-02T12:00:00Z");
    private static final Duration MAX_AGE = Duration.ofHours(26);
    private static final String SET = "prod-srv/rootfs";

    @ParameterizedTest(name = "success {0}h ago, step failed {1}h ago, dead letter {2}h ago -> {3}")
    @CsvSource({
            // success, stepFailed, deadLetter, verdict  (hours ago; empty = none)
            "2,  ,   ,  OK",
            "26, ,   ,  OK",
            "27, ,   ,  STALE",
            ",   ,   ,  STALE",
            "3,  1,  ,  FAILING",
            "3,  4,  ,  OK",
            "3,  ,   1, FAILING",
            "3,  ,   5, OK",
            "30, 29, ,  FAILING",
            ",   5,  ,  FAILING",
            ",   ,   5, FAILING",
    })
    void verdicts(Integer successHoursAgo, Integer failureHoursAgo, Integer deadLetterHoursAgo, SetHealth expected) {
        List<EventLine> events = new ArrayList<>();
        events.add(line(new BackupRequested("timer", "root", false), SET, hoursAgo(40)));
        if (successHoursAgo != null) {
            events.add(line(completed(), SET, hoursAgo(successHoursAgo)));
        }
        if (failureHoursAgo != null) {
            events.add(line(failed(), SET, hoursAgo(failureHoursAgo)));
        }
        List<DeadLetter> letters = deadLetterHoursAgo == null ? List.of()
                : List.of(deadLetter(SET, hoursAgo(deadLetterHoursAgo)));

        List<SetStatus> statuses = StatusEvaluator.evaluate(events, letters, List.of(), NOW, MAX_AGE);

        assertThat(statuses).singleElement().satisfies(status -> {
            assertThat(status.backupSet()).isEqualTo(SET);
            assertThat(status.verdict()).isEqualTo(expected);
            assertThat(status.lastSuccess()).isEqualTo(successHoursAgo == null ? null : hoursAgo(successHoursAgo));
            assertThat(status.age()).isEqualTo(successHoursAgo == null ? null : Duration.ofHours(successHoursAgo));
        });
    }

    @Test
    void setsAreIndependentAndKeepTheLastEventOfEachType() {
        List<EventLine> events = List.of(
                line(completed(), "a", hoursAgo(30)),
                line(completed(), "a", hoursAgo(2)),
                line(new BackupRequested("timer", "root", false), "a", hoursAgo(3)),
                line(failed(), "b", hoursAgo(1)),
                line(failed(), null, hoursAgo(1))); // host-wide failure: no set to blame

        List<SetStatus> statuses = StatusEvaluator.evaluate(events, List.of(), List.of("c"), NOW, MAX_AGE);

        assertThat(statuses).extracting(SetStatus::backupSet).containsExactly("a", "b", "c");
        assertThat(statuses).extracting(SetStatus::verdict).containsExactly(SetHealth.OK, SetHealth.FAILING, SetHealth.STALE);
        assertThat(statuses.get(0).lastByType()).containsOnlyKeys("BackupCompleted", "BackupRequested")
                .containsEntry("BackupCompleted", hoursAgo(2))
                .containsEntry("BackupRequested", hoursAgo(3));
        assertThat(statuses.get(1).explanation()).contains("IOException: ssh: connection reset").contains("no success yet");
        assertThat(statuses.get(2).explanation()).isEqualTo("no BackupCompleted in the audit log");
    }

    @Test
    void deadLetterExplanationNamesTheMessage() {
        List<SetStatus> statuses = StatusEvaluator.evaluate(List.of(line(completed(), SET, hoursAgo(5))),
                List.of(deadLetter(SET, hoursAgo(1))), List.of(), NOW, MAX_AGE);
        assertThat(statuses.get(0).explanation()).startsWith("dead letter 42 (SnapshotCreated)");
        assertThat(statuses.get(0).lastFailure()).isEqualTo(hoursAgo(1));
    }

    @Test
    void aRunThatDiedAfterTheLastSuccessMakesTheSetFailing() {
        RunAborted aborted = new RunAborted("run-killed-1", hoursAgo(3), 4242, "/var/lib/btrfs-send-backup/state.running");
        List<SetStatus> statuses = StatusEvaluator.evaluate(List.of(
                        line(completed(), SET, hoursAgo(5)),
                        line(aborted, SET, hoursAgo(1)),
                        line(completed(), "other/set", hoursAgo(5)),
                        line(aborted, "other/set", hoursAgo(6))),
                List.of(), List.of(), NOW, MAX_AGE);

        assertThat(statuses).extracting(SetStatus::backupSet, SetStatus::verdict)
                .containsExactly(tuple("other/set", SetHealth.OK), tuple(SET, SetHealth.FAILING));
        assertThat(statuses.get(1).explanation()).contains("run run-killed-1", "pid 4242", "died without an outcome");
        assertThat(statuses.get(1).lastFailure()).isEqualTo(hoursAgo(1));
    }

    @Test
    void aRunThatLeftAServiceDownMakesTheSetFailingThoughItsBackupCompleted() {
        List<EventLine> events = List.of(
                line(completed(), SET, hoursAgo(25), "run-a"),
                line(ServiceRestartFailed.of(List.of("mysql"), java.util.Map.of("mysql", "failed"), "Job failed",
                        hoursAgo(3)), SET, hoursAgo(3), "run-b"),
                line(completed(), SET, hoursAgo(2), "run-b"));

        SetStatus status = StatusEvaluator.evaluate(events, List.of(), List.of(), NOW, MAX_AGE).get(0);

        assertThat(status.verdict()).isEqualTo(SetHealth.FAILING);
        assertThat(status.explanation()).contains("services left down", "mysql (failed)", "after the last success");
        assertThat(status.lastSuccess()).isEqualTo(hoursAgo(25));
        assertThat(status.lastFailure()).isEqualTo(hoursAgo(3));
    }

    @Test
    void theNextCleanRunMakesTheSetOkAgain() {
        List<EventLine> events = List.of(
                line(ServiceRestartFailed.of(List.of("mysql"), java.util.Map.of("mysql", "failed"), null, hoursAgo(3)),
                        SET, hoursAgo(3), "run-b"),
                line(completed(), SET, hoursAgo(2), "run-b"),
                line(completed(), SET, hoursAgo(1), "run-c"));

        SetStatus status = StatusEvaluator.evaluate(events, List.of(), List.of(), NOW, MAX_AGE).get(0);

        assertThat(status.verdict()).isEqualTo(SetHealth.OK);
        assertThat(status.lastSuccess()).isEqualTo(hoursAgo(1));
    }

    /** A damaged stream is a failure until a full backup completes after it, and is still named after that. */
    @Test
    void aDamagedStreamFailsTheSetUntilAFullCompletesAndIsStillNamedAfterIt() {
        StreamCorrupt damage = new StreamCorrupt("rootfs-20240430T020003Z", SET + "/rootfs-20240430T020003Z.full.btrfs.gpg",
                "sha256 of the stored file differs from the manifest", null, null,
                List.of("rootfs-20240430T020003Z", "rootfs-20240501T020003Z"));
        BackupCompleted incremental = new BackupCompleted("rootfs-20240502T020003Z", SnapshotKind.INCR,
                "rootfs-20240501T020003Z", BackupMode.ENCRYPTED_STREAM, 1, null, NOW.minusSeconds(3600), 1);
        List<EventLine> damaged = List.of(
                line(completed(), SET, hoursAgo(25), "run-a"),
                line(damage, SET, hoursAgo(8)),
                line(incremental, SET, hoursAgo(2), "run-b"));

        SetStatus corrupt = StatusEvaluator.evaluate(damaged, List.of(), List.of(), NOW, MAX_AGE).get(0);

        assertThat(corrupt.verdict()).isEqualTo(SetHealth.CORRUPT);
        assertThat(corrupt.explanation()).contains("rootfs-20240430T020003Z.full.btrfs.gpg", "damaged",
                "rootfs-20240501T020003Z", "next run sends");
        assertThat(corrupt.damage().unrestorablePoints())
                .containsExactly("rootfs-20240430T020003Z", "rootfs-20240501T020003Z");
        assertThat(corrupt.damage().pending()).isTrue();

        List<EventLine> repaired = new java.util.ArrayList<>(damaged);
        repaired.add(line(completed(), SET, hoursAgo(1), "run-c"));
        SetStatus ok = StatusEvaluator.evaluate(repaired, List.of(), List.of(), NOW, MAX_AGE).get(0);

        assertThat(ok.verdict()).isEqualTo(SetHealth.OK);
        assertThat(ok.explanation()).contains("earlier:", "rootfs-20240430T020003Z.full.btrfs.gpg", "see verify");
        assertThat(ok.damage().pending()).isFalse();
    }

    /**
     * CORRUPT: a StreamCorrupt with no full backup completed after it, whatever else happened;
     * a failure since is named in the explanation, and a full after it is the only cure.
     */
    @ParameterizedTest(name = "full {0}h ago, damage {1}h ago, incremental {2}h ago, step failed {3}h ago -> {4}")
    @CsvSource({
            // full, damage, incremental, stepFailed, verdict  (hours ago; empty = none)
            "30, 8,  ,  ,  CORRUPT",
            "30, 8,  2, ,  CORRUPT",
            "30, 8,  ,  1, CORRUPT",
            "30, 8,  2, 1, CORRUPT",
            ",   8,  ,  ,  CORRUPT",
            "2,  8,  ,  ,  OK",
            "2,  8,  ,  1, FAILING",
            "30, 31, ,  ,  STALE",
            "30, 31, 2, ,  OK",
            "30, ,   2, 1, FAILING",
    })
    void corruptVerdicts(Integer fullHoursAgo, Integer damageHoursAgo, Integer incrementalHoursAgo,
                         Integer failureHoursAgo, SetHealth expected) {
        List<EventLine> events = new ArrayList<>();
        if (fullHoursAgo != null) {
            events.add(line(completed(), SET, hoursAgo(fullHoursAgo)));
        }
        if (damageHoursAgo != null) {
            events.add(line(new StreamCorrupt("rootfs-20240430T020003Z", SET + "/rootfs-20240430T020003Z.full.btrfs.gpg",
                    "sha256 differs from the manifest", null, null, List.of("rootfs-20240430T020003Z")), SET,
                    hoursAgo(damageHoursAgo)));
        }
        if (incrementalHoursAgo != null) {
            events.add(line(new BackupCompleted("rootfs-20240502T020003Z", SnapshotKind.INCR, "rootfs-20240501T020003Z",
                    BackupMode.ENCRYPTED_STREAM, 1, null, NOW.minusSeconds(3600), 1), SET, hoursAgo(incrementalHoursAgo)));
        }
        if (failureHoursAgo != null) {
            events.add(line(failed(), SET, hoursAgo(failureHoursAgo)));
        }

        SetStatus status = StatusEvaluator.evaluate(events, List.of(), List.of(), NOW, MAX_AGE).get(0);

        assertThat(status.verdict()).isEqualTo(expected);
        if (expected == SetHealth.CORRUPT) {
            assertThat(status.explanation()).contains("takes down: rootfs-20240430T020003Z");
            assertThat(status.explanation().contains("since then: step failed")).isEqualTo(failureHoursAgo != null);
        }
    }

    static EventLine line(EventPayload payload, String set, Instant at, String runId) {
        return EventLine.of(EventEnvelope.create(Clock.fixed(at, ZoneOffset.UTC), payload, "prod-srv", set, runId, null));
    }

    static EventLine line(EventPayload payload, String set, Instant at) {
        return EventLine.of(EventEnvelope.create(Clock.fixed(at, ZoneOffset.UTC), payload, "prod-srv", set, null, null));
    }

    private static BackupCompleted completed() {
        return new BackupCompleted("rootfs-20240501T020003Z", SnapshotKind.FULL, null, BackupMode.REMOTE_BTRFS, 1, null,
                NOW.minusSeconds(86_400 * 3), 1);
    }

    static StepFailed failed() {
        return new StepFailed("producer-agent/send", 2, UUID.randomUUID(), "SnapshotCreated", "java.io.IOException",
                "ssh: connection reset", true);
    }

    private static DeadLetter deadLetter(String set, Instant at) {
        return new DeadLetter(42, "e-42", "SnapshotCreated", set, "backup.events", "producer-agent", 3, null, at, "{}");
    }

    private static Instant hoursAgo(int hours) {
        return NOW.minus(Duration.ofHours(hours));
    }
}
