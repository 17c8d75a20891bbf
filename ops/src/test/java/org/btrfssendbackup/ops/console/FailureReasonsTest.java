package org.btrfssendbackup.ops.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.btrfssendbackup.broker.DeadLetter;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.btrfssendbackup.messages.event.StepFailed;
import org.junit.jupiter.api.Test;

class FailureReasonsTest {

    private static final Instant T = Instant.parse("2024-05-01T02:00:00Z");
    private static final UUID FAILED_EVENT = UUID.fromString("00000000-0000-4000-8000-000000000001");

    @Test
    void theConsumersOwnReasonWinsThenTheNewestStepFailedForThatEventThenNothing() {
        List<EventLine> audit = List.of(
                stepFailed(FAILED_EVENT, 1, "first try", T),
                stepFailed(FAILED_EVENT, 3, "last try", T.plusSeconds(20)),
                stepFailed(FAILED_EVENT, 2, "second try", T.plusSeconds(10)),
                stepFailed(UUID.randomUUID(), 1, "another event", T.plusSeconds(30)),
                EventLine.of(EventEnvelope.create(new BackupRequested("cli", "root", false), "prod-srv", "home", null, null)));
        List<DeadLetter> letters = List.of(
                letter(1, FAILED_EVENT.toString(), null),
                letter(2, FAILED_EVENT.toString(), "malformed JSON: unexpected end"),
                letter(3, "00000000-0000-4000-8000-000000000099", null),
                letter(4, null, null));

        List<DeadLetterView> views = FailureReasons.attach(letters, audit);

        assertThat(views).extracting(DeadLetterView::lastFailure).containsExactly(
                "producer-agent/send attempt 3 on SnapshotCreated: IllegalStateException: last try",
                "malformed JSON: unexpected end",
                null,
                null);
        assertThat(views).extracting(DeadLetterView::reasonSource).containsExactly(
                DeadLetterView.FROM_STEP_FAILED, DeadLetterView.FROM_CONSUMER, null, null);
    }

    private static EventLine stepFailed(UUID failedEventId, int attempt, String message, Instant at) {
        StepFailed payload = new StepFailed("producer-agent/send", attempt, failedEventId, "SnapshotCreated",
                "java.lang.IllegalStateException", message, false);
        return EventLine.of(EventEnvelope.create(Clock.fixed(at, ZoneOffset.UTC), payload, "prod-srv", "home", null, null));
    }

    private static DeadLetter letter(long id, String eventId, String reason) {
        return new DeadLetter(id, eventId, "SnapshotCreated", "home", "backup.events", "producer-agent", 3, reason, T, "{}");
    }
}
