package org.btrfssendbackup.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.UUID;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.EventPayload;
import org.btrfssendbackup.messages.event.ServiceRestartFailed;
import org.btrfssendbackup.messages.event.StepFailed;
import org.btrfssendbackup.producer.agent.RunOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one line of a quiet run's failure, per way a run fails. */
class FailureSummaryTest {

    private static final String SET = "prod-srv/rootfs";

    private static EventEnvelope event(EventPayload payload) {
        return EventEnvelope.create(payload, "prod-srv", SET, "run-1", null);
    }

    private static StepFailed failed(String trigger, boolean transientFailure, Boolean isFinal) {
        return new StepFailed("producer/steps", 3, UUID.randomUUID(), trigger, "java.io.IOException", "cut off",
                transientFailure, isFinal, 1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "BackupRequested|true |the snapshot step|retried 3 times",
        "SnapshotCreated|true |the send step|retried 3 times",
        "StreamSent     |false|the complete step|retrying cannot cure this; fix the cause, then `btrfs-send-backup run --set prod-srv/rootfs`",
        "Mystery        |false|the step for Mystery|retrying cannot cure this"})
    void aFinalStepFailureNamesTheStepAndWhatToDo(String trigger, boolean transientFailure, String step, String whatToDo) {
        RunOutcome outcome = RunOutcome.failed("the cause", List.of(
                event(failed("BackupRequested", true, false)), event(failed(trigger, transientFailure, true))));

        String line = FailureSummary.of(SET, outcome);

        assertThat(line).startsWith("btrfs-send-backup: backup set prod-srv/rootfs FAILED in " + step)
                .contains(": the cause; what to do: " + whatToDo).doesNotContain("\n");
    }

    @Test
    void servicesLeftDownSayTheBackupWasStored() {
        RunOutcome outcome = new RunOutcome(Optional.empty(), Optional.of("services mysql did not start again"),
                List.of(event(new ServiceRestartFailed(List.of("mysql"), new TreeMap<>(Map.of("mysql", "failed")), null,
                        Instant.parse("2026-03-01T02:05:00Z")))));

        assertThat(FailureSummary.of(SET, outcome)).contains("FAILED in the restart of the quiesced services",
                "services mysql did not start again", "the backup itself was stored");
    }

    @Test
    void aRunWithoutAStepFailurePointsAtItsEvents() {
        RunOutcome outcome = RunOutcome.failed("the run deadline passed", List.of());

        assertThat(FailureSummary.of(SET, outcome)).contains("the run deadline passed",
                "btrfs-backup-console events list --since 1d --set prod-srv/rootfs");
    }

    @Test
    void aBrokerThatCannotBeReachedNamesBrokerUrl() {
        assertThat(FailureSummary.beforeSteps(SET, "cannot reach the broker (tcp://hub:61617): refused"))
                .startsWith("btrfs-send-backup: backup set prod-srv/rootfs FAILED in connecting to the broker: cannot reach")
                .contains("BROKER_URL");
    }
}
